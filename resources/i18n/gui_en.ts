<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
<context>
    <name>ActDialog</name>
    <message>
        <source>Hồ sơ {code} · {name}
{procedure}
{state} · hẹn trả {due}</source>
        <translation>Dossier {code} · {name}
{procedure}
{state} · due {due}</translation>
    </message>
    <message>
        <source>&amp;Ghi</source>
        <translation>&amp;Record</translation>
    </message>
    <message>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Người duyệt:</source>
        <translation>Approver:</translation>
    </message>
    <message>
        <source>Việc này cần lãnh đạo bộ phận duyệt: người duyệt nhập tài khoản.</source>
        <translation>This needs a supervisor&apos;s approval: the approver types their account.</translation>
    </message>
    <message>
        <source>Tài khoản người &amp;duyệt:</source>
        <translation>Approver&apos;s &amp;username:</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu người duyệt:</source>
        <translation>Approver&apos;s &amp;password:</translation>
    </message>
</context>
<context>
    <name>ApologyActDialog</name>
    <message>
        <source>Ngày &amp;hẹn trả mới:</source>
        <translation>&amp;New due date:</translation>
    </message>
    <message>
        <source>&amp;Lý do:</source>
        <translation>Rea&amp;son:</translation>
    </message>
    <message>
        <source>&amp;Chức vụ người duyệt:</source>
        <translation>Approver&apos;s &amp;title:</translation>
    </message>
    <message>
        <source>Để trống: theo vai trò</source>
        <translation>Blank: from the role</translation>
    </message>
    <message>
        <source>Đây là lần gia hạn thứ hai trở lên: sẽ được ghi là ngoại lệ.</source>
        <translation>This is a second extension or later: it will be recorded as exceptional.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Bộ phận một cửa</source>
        <translation>One-stop desk</translation>
    </message>
</context>
<context>
    <name>AreaButton</name>
    <message numerus="yes">
        <source>Đang chờ: %n người</source>
        <translation>
            <numerusform>Waiting: %n person</numerusform>
            <numerusform>Waiting: %n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AttachmentsView</name>
    <message>
        <source>Chưa chọn hồ sơ.</source>
        <translation>No dossier chosen.</translation>
    </message>
    <message>
        <source>Thêm tệp…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>Gỡ tệp</source>
        <translation>Remove file</translation>
    </message>
    <message>
        <source>Gắn vào:</source>
        <translation>Attach to:</translation>
    </message>
    <message>
        <source>Chọn thư mục máy quét…</source>
        <translation>Choose scanner folder…</translation>
    </message>
    <message>
        <source>Lấy bản quét tự động</source>
        <translation>Take scans automatically</translation>
    </message>
    <message>
        <source>Thành phần / tệp</source>
        <translation>Component / file</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Lúc</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>Kéo thả tệp PDF, JPEG, PNG, TIFF vào đây để đính kèm.</source>
        <translation>Drop PDF, JPEG, PNG or TIFF files here to attach them.</translation>
    </message>
    <message>
        <source>Chọn một tệp để xem.</source>
        <translation>Choose a file to view it.</translation>
    </message>
    <message>
        <source>Bản quét của hồ sơ {code}</source>
        <translation>Scans of dossier {code}</translation>
    </message>
    <message>
        <source>{position}. {name}</source>
        <translation>{position}. {name}</translation>
    </message>
    <message>
        <source>Kết quả giải quyết</source>
        <translation>Result</translation>
    </message>
    <message numerus="yes">
        <source>%n tệp</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message>
        <source>chưa có bản quét</source>
        <translation>no scan yet</translation>
    </message>
    <message>
        <source>không bắt buộc</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>{name}: {state}</source>
        <translation>{name}: {state}</translation>
    </message>
    <message>
        <source>{size} KB, mã {sha}, {officer}</source>
        <translation>{size} KB, hash {sha}, {officer}</translation>
    </message>
    <message>
        <source>{name} (HỎNG)</source>
        <translation>{name} (DAMAGED)</translation>
    </message>
    <message numerus="yes">
        <source>%n tệp đính kèm bị hỏng hoặc bị thay đổi trên đĩa (tô đỏ); hãy đính kèm lại bản quét.</source>
        <translation>
            <numerusform>%n attached file is damaged or was changed on the disk (in red); attach the scan again.</numerusform>
            <numerusform>%n attached files are damaged or were changed on the disk (in red); attach the scans again.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã số hóa đủ: mọi thành phần cần lưu đều có bản quét.</source>
        <translation>Fully digitised: every component to keep has a scan.</translation>
    </message>
    <message>
        <source>Đã số hóa đủ: các thành phần và kết quả đều có bản quét.</source>
        <translation>Fully digitised: the components and the result all have scans.</translation>
    </message>
    <message>
        <source>Chưa số hóa đủ: thiếu bản quét thành phần số {missing} và kết quả.</source>
        <translation>Not fully digitised: scans missing for component {missing} and the result.</translation>
    </message>
    <message>
        <source>Chưa số hóa đủ: thiếu bản quét thành phần số {missing}.</source>
        <translation>Not fully digitised: scans missing for component {missing}.</translation>
    </message>
    <message>
        <source>Chưa số hóa đủ: thiếu bản quét kết quả.</source>
        <translation>Not fully digitised: the result&apos;s scan is missing.</translation>
    </message>
    <message>
        <source>Thành phần {position}: {name}</source>
        <translation>Component {position}: {name}</translation>
    </message>
    <message>
        <source>Chọn bản quét để đính kèm</source>
        <translation>Choose scans to attach</translation>
    </message>
    <message>
        <source>Bản quét ({patterns})</source>
        <translation>Scans ({patterns})</translation>
    </message>
    <message numerus="yes">
        <source>Đã đính kèm %n tệp.</source>
        <translation>
            <numerusform>Attached %n file.</numerusform>
            <numerusform>Attached %n files.</numerusform>
        </translation>
    </message>
    <message>
        <source>Không đính kèm {name}: {reason}</source>
        <translation>{name} not attached: {reason}</translation>
    </message>
    <message>
        <source>Chọn thư mục máy quét lưu bản quét vào</source>
        <translation>Choose the folder the scanner saves into</translation>
    </message>
    <message>
        <source>Chưa chọn thư mục máy quét.</source>
        <translation>No scanner folder chosen.</translation>
    </message>
    <message>
        <source>Thư mục máy quét: {folder}</source>
        <translation>Scanner folder: {folder}</translation>
    </message>
    <message numerus="yes">
        <source>Đã lấy %n tệp từ thư mục máy quét.</source>
        <translation>
            <numerusform>Took %n file from the scanner folder.</numerusform>
            <numerusform>Took %n files from the scanner folder.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang mở {name}…</source>
        <translation>Opening {name}…</translation>
    </message>
    <message>
        <source>Không hiển thị được tệp này: {reason}</source>
        <translation>This file cannot be shown: {reason}</translation>
    </message>
    <message>
        <source>Không hiển thị được ảnh {name}.</source>
        <translation>The picture {name} cannot be shown.</translation>
    </message>
    <message>
        <source>Gỡ tệp {name} khỏi hồ sơ {code}?</source>
        <translation>Remove the file {name} from dossier {code}?</translation>
    </message>
    <message>
        <source>Không gỡ</source>
        <translation>Keep it</translation>
    </message>
    <message>
        <source>Đã gỡ tệp {name}.</source>
        <translation>Removed the file {name}.</translation>
    </message>
</context>
<context>
    <name>CounterDialog</name>
    <message>
        <source>Số quầy</source>
        <translation>Counter number</translation>
    </message>
    <message>
        <source>Dùng số quầy này</source>
        <translation>Use this counter</translation>
    </message>
    <message>
        <source>Máy trạm này chưa được gán số quầy, nên chưa gọi số được. Nhập số quầy để dùng đến khi đóng chương trình; để không phải hỏi lại, nhờ quản trị viên đặt counter = &quot;3&quot; (số quầy của máy) trong tệp settings.toml của máy trạm.</source>
        <translation>This workstation has no counter number yet, so it cannot call tickets. Enter the counter number to use until the program is closed; so that it is not asked again, ask the administrator to set counter = &quot;3&quot; (this machine&apos;s counter) in the workstation&apos;s settings.toml file.</translation>
    </message>
    <message>
        <source>Số quầy:</source>
        <translation>Counter:</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Màn hình gọi số</source>
        <translation>Calling display</translation>
    </message>
    <message>
        <source>Đang kết nối hàng đợi…</source>
        <translation>Connecting to the queue…</translation>
    </message>
    <message>
        <source>Mời công dân có số thứ tự đến quầy</source>
        <translation>Now serving: please go to the counter</translation>
    </message>
    <message>
        <source>Vừa gọi</source>
        <translation>Just called</translation>
    </message>
    <message>
        <source>Đang chờ</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Chưa có số nào được gọi.</source>
        <translation>No number has been called yet.</translation>
    </message>
    <message>
        <source>Khi số của bạn hiện trên màn hình, xin mời đến đúng quầy được ghi.</source>
        <translation>When your number appears on the screen, please go to the counter shown.</translation>
    </message>
    <message numerus="yes">
        <source>%n người</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierSearchDialog</name>
    <message>
        <source>Tìm hồ sơ</source>
        <translation>Find a dossier</translation>
    </message>
    <message>
        <source>Mã hồ sơ, tên người nộp (không cần dấu), số giấy tờ, số điện thoại…</source>
        <translation>Dossier code, applicant&apos;s name (diacritics optional), ID number, phone…</translation>
    </message>
    <message>
        <source>&amp;Tìm:</source>
        <translation>&amp;Find:</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>Any state</translation>
    </message>
    <message>
        <source>Trạ&amp;ng thái:</source>
        <translation>S&amp;tate:</translation>
    </message>
    <message>
        <source>Mọi thủ tục</source>
        <translation>Any procedure</translation>
    </message>
    <message>
        <source>Thủ tụ&amp;c:</source>
        <translation>Pro&amp;cedure:</translation>
    </message>
    <message>
        <source>từ đầu</source>
        <translation>from the start</translation>
    </message>
    <message>
        <source>đến nay</source>
        <translation>to today</translation>
    </message>
    <message>
        <source>Nhận &amp;từ ngày:</source>
        <translation>Received &amp;from:</translation>
    </message>
    <message>
        <source>đến n&amp;gày:</source>
        <translation>&amp;to:</translation>
    </message>
    <message>
        <source>Tìm (Enter)</source>
        <translation>Search (Enter)</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Gõ từ cần tìm rồi nhấn Enter.</source>
        <translation>Type what to find, then press Enter.</translation>
    </message>
    <message>
        <source>&amp;Mở hồ sơ</source>
        <translation>&amp;Open dossier</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Đang tìm…</source>
        <translation>Searching…</translation>
    </message>
    <message numerus="yes">
        <source>Tìm thấy %n hồ sơ.</source>
        <translation>
            <numerusform>Found %n dossier.</numerusform>
            <numerusform>Found %n dossiers.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierView</name>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Chưa mở hồ sơ nào: quét mã trên giấy tiếp nhận hoặc tìm hồ sơ (Ctrl+F).</source>
        <translation>No dossier open: scan the code on a receipt or find a dossier (Ctrl+F).</translation>
    </message>
    <message>
        <source>Người nộp:</source>
        <translation>Applicant:</translation>
    </message>
    <message>
        <source>Thủ tục:</source>
        <translation>Procedure:</translation>
    </message>
    <message>
        <source>Tiếp nhận lúc:</source>
        <translation>Received at:</translation>
    </message>
    <message>
        <source>Nơi đang giải quyết:</source>
        <translation>Being handled by:</translation>
    </message>
    <message>
        <source>Hạn trả ban đầu:</source>
        <translation>Original due date:</translation>
    </message>
    <message>
        <source>Hạn trả hiện tại:</source>
        <translation>Current due date:</translation>
    </message>
    <message>
        <source>Tạm dừng từ:</source>
        <translation>Paused since:</translation>
    </message>
    <message>
        <source>Bổ sung, gia hạn, số hóa:</source>
        <translation>Supplements, extensions, scans:</translation>
    </message>
    <message>
        <source>Việc tiếp theo:</source>
        <translation>Next:</translation>
    </message>
    <message>
        <source>Hồ sơ đã kết thúc, không còn việc nào.</source>
        <translation>The dossier is closed; nothing more to do.</translation>
    </message>
    <message>
        <source>Quá trình xử lý</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Giấy tờ đã in, bản quét, giao nhận hồ sơ giấy</source>
        <translation>Papers printed, scans, paper folder hand-overs</translation>
    </message>
    <message>
        <source>In biểu mẫu của bước đã chọn (Ctrl+P)</source>
        <translation>Print the selected step&apos;s form (Ctrl+P)</translation>
    </message>
    <message>
        <source>In phiếu kiểm soát (Ctrl+K)</source>
        <translation>Print the control slip (Ctrl+K)</translation>
    </message>
    <message>
        <source>Làm mới (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>&amp;1 Chuyển xử lý…</source>
        <translation>&amp;1 Transfer…</translation>
    </message>
    <message>
        <source>&amp;2 Yêu cầu bổ sung…</source>
        <translation>&amp;2 Request a supplement…</translation>
    </message>
    <message>
        <source>&amp;3 Nhận hồ sơ bổ sung…</source>
        <translation>&amp;3 Receive the supplement…</translation>
    </message>
    <message>
        <source>&amp;4 Từ chối…</source>
        <translation>&amp;4 Refuse…</translation>
    </message>
    <message>
        <source>&amp;5 Xin lỗi và hẹn lại…</source>
        <translation>&amp;5 Apologise and reschedule…</translation>
    </message>
    <message>
        <source>&amp;6 Dừng giải quyết…</source>
        <translation>&amp;6 Stop processing…</translation>
    </message>
    <message>
        <source>&amp;7 Nhận kết quả…</source>
        <translation>&amp;7 Result received…</translation>
    </message>
    <message>
        <source>&amp;8 Trả kết quả…</source>
        <translation>&amp;8 Return the result…</translation>
    </message>
    <message>
        <source>{hours} giờ {minutes} phút</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{n} bản chính</source>
        <translation>{n} original</translation>
    </message>
    <message>
        <source>{n} bản sao chứng thực</source>
        <translation>{n} certified copy</translation>
    </message>
    <message>
        <source>{n} bản chụp</source>
        <translation>{n} photocopy</translation>
    </message>
    <message>
        <source>{name} ({papers})</source>
        <translation>{name} ({papers})</translation>
    </message>
    <message>
        <source>Lý do: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>Hẹn trả: {due}</source>
        <translation>Due: {due}</translation>
    </message>
    <message>
        <source>Chuyển về bộ phận một cửa</source>
        <translation>Back to the one-stop desk</translation>
    </message>
    <message>
        <source>Đến: {unit}</source>
        <translation>To: {unit}</translation>
    </message>
    <message>
        <source>Người nhận: {name}</source>
        <translation>Received by: {name}</translation>
    </message>
    <message>
        <source>Ghi chú: {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>Cần bổ sung: {items}</source>
        <translation>To supplement: {items}</translation>
    </message>
    <message>
        <source>Lý do yêu cầu lần nữa: {reason}</source>
        <translation>Reason for asking again: {reason}</translation>
    </message>
    <message>
        <source>Đã tạm dừng {span}</source>
        <translation>Paused for {span}</translation>
    </message>
    <message>
        <source>Hẹn trả mới: {due}</source>
        <translation>New due date: {due}</translation>
    </message>
    <message>
        <source>Gia hạn lần {n}</source>
        <translation>Extension {n}</translation>
    </message>
    <message>
        <source>Ngoại lệ: gia hạn từ lần thứ hai</source>
        <translation>Exceptional: a second extension or later</translation>
    </message>
    <message>
        <source>Đã giải quyết đến: {value}</source>
        <translation>Stage reached: {value}</translation>
    </message>
    <message>
        <source>Giấy tờ đã trả lại: {value}</source>
        <translation>Papers returned: {value}</translation>
    </message>
    <message>
        <source>Phí, lệ phí: {value}</source>
        <translation>Fees: {value}</translation>
    </message>
    <message>
        <source>Kết quả số {number}; người ký: {signer}; cơ quan ban hành: {issuer}</source>
        <translation>Result no. {number}; signed by: {signer}; issued by: {issuer}</translation>
    </message>
    <message>
        <source>người được ủy quyền</source>
        <translation>proxy</translation>
    </message>
    <message>
        <source>người nộp</source>
        <translation>applicant</translation>
    </message>
    <message>
        <source>Gửi qua bưu điện, vận đơn {waybill}</source>
        <translation>Sent by post, waybill {waybill}</translation>
    </message>
    <message>
        <source>Người nhận: {name} ({who}), giấy tờ tùy thân {id_number}</source>
        <translation>Collected by: {name} ({who}), ID {id_number}</translation>
    </message>
    <message>
        <source>Bản gốc trả lại: {papers}</source>
        <translation>Originals returned: {papers}</translation>
    </message>
    <message>
        <source>Phí, lệ phí: {amount} đồng ({method}), biên lai {receipt}</source>
        <translation>Fees: {amount} VND ({method}), receipt {receipt}</translation>
    </message>
    <message>
        <source>Không thu</source>
        <translation>None collected</translation>
    </message>
    <message>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Chuyển khoản</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>Thẻ</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Receipt and appointment</translation>
    </message>
    <message>
        <source>Đính kèm bản quét</source>
        <translation>Scan attached</translation>
    </message>
    <message>
        <source>Gỡ bản quét</source>
        <translation>Scan removed</translation>
    </message>
    <message>
        <source>Giao nhận hồ sơ giấy</source>
        <translation>Paper folder handed over</translation>
    </message>
    <message>
        <source>Không ghi được tệp PDF vào thư mục {folder} ({reason}).</source>
        <translation>The PDF file could not be written to the folder {folder} ({reason}).</translation>
    </message>
    <message>
        <source>Đã lưu “{document}” vào {path}.</source>
        <translation>Saved “{document}” to {path}.</translation>
    </message>
    <message>
        <source>Máy tính này chưa kết nối máy in nào.</source>
        <translation>This computer has no printer connected.</translation>
    </message>
    <message>
        <source>Đã gửi “{document}” tới máy in {printer}.</source>
        <translation>Sent “{document}” to the printer {printer}.</translation>
    </message>
    <message>
        <source>Đã in “{document}” từ bản xem trước.</source>
        <translation>Printed “{document}” from the preview.</translation>
    </message>
    <message>
        <source>Bước</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Việc</source>
        <translation>Act</translation>
    </message>
    <message>
        <source>Trạng thái sau</source>
        <translation>State after</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>Done by</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Người làm</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Lần in</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Chưa mở hồ sơ nào.</source>
        <translation>No dossier open.</translation>
    </message>
    <message>
        <source>Hồ sơ {code}</source>
        <translation>Dossier {code}</translation>
    </message>
    <message>
        <source>{name} ({code})</source>
        <translation>{name} ({code})</translation>
    </message>
    <message>
        <source>Bộ phận một cửa (tại quầy)</source>
        <translation>One-stop desk (at the counter)</translation>
    </message>
    <message>
        <source>{supplements} lần yêu cầu bổ sung · {extensions} lần gia hạn · {digitisation}</source>
        <translation>{supplements} supplement requests · {extensions} extensions · {digitisation}</translation>
    </message>
    <message>
        <source>Đã số hóa đủ</source>
        <translation>Fully digitised</translation>
    </message>
    <message>
        <source>Chưa số hóa thành phần {positions}</source>
        <translation>Components {positions} not digitised yet</translation>
    </message>
    <message>
        <source>Chưa số hóa kết quả</source>
        <translation>Result not digitised yet</translation>
    </message>
    <message>
        <source>{officer} (duyệt: {approver})</source>
        <translation>{officer} (approved by {approver})</translation>
    </message>
    <message>
        <source>Bản gốc</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>In lại lần {n}</source>
        <translation>Reprint {n}</translation>
    </message>
    <message>
        <source>Đã ghi “{act}” cho hồ sơ {code}.</source>
        <translation>Recorded “{act}” for dossier {code}.</translation>
    </message>
    <message>
        <source>Đã ghi “{act}” cho hồ sơ {code}. In biểu mẫu của bước này ngay?</source>
        <translation>Recorded “{act}” for dossier {code}. Print this step&apos;s form now?</translation>
    </message>
    <message>
        <source>In ngay</source>
        <translation>Print now</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>Đã xảy ra lỗi ngoài dự kiến; thao tác chưa hoàn tất. Chi tiết đã được ghi vào nhật ký.</source>
        <translation>An unexpected error occurred; the action was not completed. The details were written to the log.</translation>
    </message>
    <message>
        <source>Bộ phận một cửa</source>
        <translation>One-stop desk</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Thiết lập máy trạm lần đầu</source>
        <translation>First-time workstation set-up</translation>
    </message>
    <message>
        <source>Máy này chưa có dữ liệu. Hãy nhập thông tin cơ quan và tài khoản quản trị đầu tiên, hoặc dùng thử với một văn phòng mẫu.</source>
        <translation>This computer has no data yet. Enter the office details and the first administrator account, or try the app with a demo office.</translation>
    </message>
    <message>
        <source>Cơ quan và máy trạm</source>
        <translation>Office and workstation</translation>
    </message>
    <message>
        <source>&amp;Tên cơ quan:</source>
        <translation>&amp;Office name:</translation>
    </message>
    <message>
        <source>VD: UBND phường Thanh Xuân</source>
        <translation>e.g. UBND phường Thanh Xuân</translation>
    </message>
    <message>
        <source>&amp;Bộ phận tiếp nhận:</source>
        <translation>&amp;Reception unit:</translation>
    </message>
    <message>
        <source>Để trống thì dùng tên Trung tâm Phục vụ hành chính công ghép từ tên cơ quan (như dòng mờ gợi ý).</source>
        <translation>Leave it empty to use the Public Administration Service Centre&apos;s name made from the office&apos;s (as the grey hint shows).</translation>
    </message>
    <message>
        <source>&amp;Mã định danh cơ quan:</source>
        <translation>&amp;Agency identifier:</translation>
    </message>
    <message>
        <source>VD: 000.00.19.H26 (theo QCVN 102:2016/BTTTT)</source>
        <translation>e.g. 000.00.19.H26 (QCVN 102:2016/BTTTT)</translation>
    </message>
    <message>
        <source>Đị&amp;a danh:</source>
        <translation>&amp;Place name:</translation>
    </message>
    <message>
        <source>VD: Hà Nội (ghi ở dòng ngày tháng trên biểu mẫu)</source>
        <translation>e.g. Hà Nội (printed in the date line of forms)</translation>
    </message>
    <message>
        <source>&amp;Số máy trạm:</source>
        <translation>&amp;Workstation number:</translation>
    </message>
    <message>
        <source>Mỗi quầy trong cùng cơ quan phải có một số khác nhau.</source>
        <translation>Each counter of the same office needs a different number.</translation>
    </message>
    <message>
        <source>Cách tính n&amp;gày làm việc:</source>
        <translation>Counting of workin&amp;g days:</translation>
    </message>
    <message>
        <source>Cách tính hạn trả kết quả in trên giấy tiếp nhận hồ sơ.</source>
        <translation>How the due date printed on the receipt is counted.</translation>
    </message>
    <message>
        <source>Tài khoản quản trị đầu tiên</source>
        <translation>First administrator account</translation>
    </message>
    <message>
        <source>Tên đăng &amp;nhập:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Họ và tên:</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <source>Bắt buộc: tên này ký trên giấy tiếp nhận hồ sơ</source>
        <translation>Required: this name signs the receipts</translation>
    </message>
    <message>
        <source>Mật &amp;khẩu:</source>
        <translation>Pa&amp;ssword:</translation>
    </message>
    <message>
        <source>Ít nhất 8 ký tự</source>
        <translation>At least 8 characters</translation>
    </message>
    <message>
        <source>Nhập &amp;lại mật khẩu:</source>
        <translation>Repeat passwor&amp;d:</translation>
    </message>
    <message>
        <source>&amp;Dùng thử với văn phòng mẫu</source>
        <translation>&amp;Try with a demo office</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Tạo &amp;cơ quan</source>
        <translation>&amp;Create office</translation>
    </message>
    <message>
        <source>Cộng giờ làm việc từ lúc nhận (mặc định)</source>
        <translation>Add working hours from the moment of receipt (default)</translation>
    </message>
    <message>
        <source>Theo Bộ luật Dân sự: tính từ ngày hôm sau, hết ngày cuối cùng</source>
        <translation>Civil Code: from the next day, ending at the close of the last day</translation>
    </message>
    <message>
        <source>Để trống: {unit}</source>
        <translation>Leave empty for: {unit}</translation>
    </message>
    <message>
        <source>Để trống: Trung tâm Phục vụ hành chính công phường/xã …</source>
        <translation>Leave empty for the centre&apos;s name: Trung tâm Phục vụ hành chính công phường/xã …</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <source>Đã thiết lập máy trạm. Mã khôi phục của quản trị viên:

{code}

Hãy chép mã này ra giấy và cất vào nơi có khóa; mã chỉ hiện một lần này. Khi quản trị viên duy nhất quên mật khẩu, mã này đặt được mật khẩu mới (lệnh desk-app user recover).</source>
        <translation>The workstation is set up. The administrator&apos;s recovery code:

{code}

Write this code down on paper and keep it locked away; it is shown only this once. If the only administrator forgets their password, this code sets a new one (the desk-app user recover command).</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Bàn giao hồ sơ giấy</source>
        <translation>Hand over paper folders</translation>
    </message>
    <message>
        <source>Quét mã vạch trên giấy tiếp nhận của từng hồ sơ (hoặc gõ mã rồi Enter)</source>
        <translation>Scan the barcode on each dossier&apos;s receipt (or type the code and press Enter)</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Số trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Bỏ dòng đã chọn</source>
        <translation>Remove selected line</translation>
    </message>
    <message>
        <source>Họ tên người nhận hồ sơ giấy</source>
        <translation>Full name of the person receiving the folders</translation>
    </message>
    <message>
        <source>Người giao:</source>
        <translation>Given by:</translation>
    </message>
    <message>
        <source>Người nhận:</source>
        <translation>Received by:</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Ghi bàn giao</source>
        <translation>Record hand-over</translation>
    </message>
    <message>
        <source>In danh sách</source>
        <translation>Print list</translation>
    </message>
    <message>
        <source>Lưu danh sách (PDF)…</source>
        <translation>Save list (PDF)…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Mã hồ sơ:</source>
        <translation>Dossier code:</translation>
    </message>
    <message>
        <source>Mã {code} đã quét ở dòng {row}; không thêm lần nữa.</source>
        <translation>Code {code} was already scanned on line {row}; not added again.</translation>
    </message>
    <message>
        <source>Một lần bàn giao nhận nhiều nhất {limit} hồ sơ.</source>
        <translation>One hand-over takes at most {limit} dossiers.</translation>
    </message>
    <message>
        <source>đang tìm…</source>
        <translation>looking up…</translation>
    </message>
    <message>
        <source>chưa đếm</source>
        <translation>not counted</translation>
    </message>
    <message>
        <source>Số trang người nhận kiểm đếm; để trống nếu chưa đếm.</source>
        <translation>Pages the receiver counted; leave blank if not counted.</translation>
    </message>
    <message>
        <source>Đã thêm {code}.</source>
        <translation>Added {code}.</translation>
    </message>
    <message numerus="yes">
        <source>%n hồ sơ</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã ghi bàn giao {count} hồ sơ, số {label}, từ {giver} cho {receiver}. Hãy in danh sách để hai bên ký.</source>
        <translation>Recorded the hand-over of {count} dossiers, number {label}, from {giver} to {receiver}. Print the list for both to sign.</translation>
    </message>
    <message>
        <source>Máy tính này chưa kết nối máy in nào.</source>
        <translation>This computer has no printer connected.</translation>
    </message>
    <message>
        <source>Đã gửi danh sách bàn giao {label} tới máy in {printer}.</source>
        <translation>Sent hand-over list {label} to printer {printer}.</translation>
    </message>
    <message>
        <source>ban-giao-{label}.pdf</source>
        <translation>handover-{label}.pdf</translation>
    </message>
    <message>
        <source>Lưu danh sách bàn giao</source>
        <translation>Save the hand-over list</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đã lưu danh sách bàn giao vào {path}.</source>
        <translation>Saved the hand-over list to {path}.</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Receive a dossier</translation>
    </message>
    <message>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <source>Gõ tên hoặc mã thủ tục, có dấu hay không dấu đều được</source>
        <translation>Type a name or code, with or without diacritics</translation>
    </message>
    <message>
        <source>Mũi tên lên/xuống để chọn, Enter để nhận thủ tục</source>
        <translation>Up/Down arrows to choose, Enter to take the procedure</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục.</source>
        <translation>No procedure chosen.</translation>
    </message>
    <message>
        <source>Thành &amp;phần hồ sơ đã nhận (phím cách để đánh dấu):</source>
        <translation>&amp;Components received (Space to tick):</translation>
    </message>
    <message>
        <source>Tì&amp;m thủ tục (F2):</source>
        <translation>Fin&amp;d a procedure (F2):</translation>
    </message>
    <message>
        <source>Đánh dấu mọi thành phần bắt buộc; thành phần &quot;nếu có&quot; đánh dấu riêng từng mục khi người nộp có nộp</source>
        <translation>Ticks every required component; tick an optional (&quot;if any&quot;) one by itself when the applicant hands it in</translation>
    </message>
    <message>
        <source>Đã nhận đủ thành phần bắt buộc</source>
        <translation>All required components received</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Dán QR (F8)</source>
        <translation>Paste QR (F8)</translation>
    </message>
    <message>
        <source>&amp;Họ và tên:</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <source>Quét QR thẻ căn cước hoặc gõ họ tên</source>
        <translation>Scan the ID card QR or type the name</translation>
    </message>
    <message>
        <source>Dán dòng mã QR thẻ căn cước đã sao chép</source>
        <translation>Paste an ID card QR line copied earlier</translation>
    </message>
    <message>
        <source>Số định &amp;danh cá nhân:</source>
        <translation>&amp;ID number:</translation>
    </message>
    <message>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <source>Số điện th&amp;oại:</source>
        <translation>Ph&amp;one:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>Địa &amp;chỉ:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>Người được ủy &amp;quyền:</source>
        <translation>&amp;Representative:</translation>
    </message>
    <message>
        <source>Để trống nếu người nộp tự nộp</source>
        <translation>Leave empty if applicants file for themselves</translation>
    </message>
    <message>
        <source>&amp;Kênh nộp:</source>
        <translation>Channe&amp;l:</translation>
    </message>
    <message>
        <source>&amp;Số bộ hồ sơ:</source>
        <translation>&amp;Sets:</translation>
    </message>
    <message>
        <source>&amp;Nhận kết quả:</source>
        <translation>Res&amp;ult returned:</translation>
    </message>
    <message>
        <source>Thời điểm tiếp nhận:</source>
        <translation>Received at:</translation>
    </message>
    <message>
        <source>Ghi thời điểm đã nhận hồ sơ trên giấy (ví dụ khi mất điện); quá 30 ngày trước thì chỉ lãnh đạo hoặc quản trị viên ghi được, kèm lý do</source>
        <translation>Record when the dossier was really received on paper (during a power cut, say); more than 30 days back only a supervisor or an administrator may, with a reason</translation>
    </message>
    <message>
        <source>Nhập lùi ngày &amp;giờ</source>
        <translation>&amp;Backdate</translation>
    </message>
    <message>
        <source>Giờ Việt Nam; mặc định là lúc bấm lưu</source>
        <translation>Vietnam time; by default the moment of saving</translation>
    </message>
    <message>
        <source>Lý do nhập lùi:</source>
        <translation>Backdate reason:</translation>
    </message>
    <message>
        <source>Bắt buộc khi đã quá 30 ngày: vì sao hồ sơ được ghi lùi</source>
        <translation>Required more than 30 days back: why the dossier is backdated</translation>
    </message>
    <message>
        <source>Hẹn trả kết quả:</source>
        <translation>Result due:</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết:</source>
        <translation>Processing time:</translation>
    </message>
    <message>
        <source>Số tr&amp;ang mỗi bản:</source>
        <translation>Pa&amp;ges per copy:</translation>
    </message>
    <message>
        <source>Số trang của giấy tờ (1 đến 1.000); &quot;—&quot; là chưa biết, biên nhận khi đó ghi mức phí theo trang</source>
        <translation>Pages of the document (1 to 1,000); &quot;—&quot; means not known yet, and the receipt then prints the fee per page</translation>
    </message>
    <message>
        <source>Số &amp;bản:</source>
        <translation>Nu&amp;mber of copies:</translation>
    </message>
    <message>
        <source>Số bản cấp (1 đến 99); &quot;—&quot; là chưa biết, biên nhận khi đó ghi mức phí theo bản</source>
        <translation>Copies issued (1 to 99); &quot;—&quot; means not known yet, and the receipt then prints the fee per copy</translation>
    </message>
    <message>
        <source>Lệ phí phải th&amp;u (đồng):</source>
        <translation>Fee amount (&amp;VND):</translation>
    </message>
    <message>
        <source>0 nếu miễn</source>
        <translation>0 if exempt</translation>
    </message>
    <message>
        <source>Mức do Hội đồng nhân dân tỉnh quy định, bằng đồng (ví dụ 50.000); để trống nếu chưa biết, ghi 0 nếu được miễn</source>
        <translation>The amount the provincial People&apos;s Council sets, in VND (for example 50.000); leave it blank if not known, 0 if exempt</translation>
    </message>
    <message>
        <source>Phí, lệ phí:</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <source>Hồ sơ mới (Ctrl+N)</source>
        <translation>New dossier (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;In ra:</source>
        <translation>&amp;Print to:</translation>
    </message>
    <message>
        <source>Thư mục PDF…</source>
        <translation>PDF folder…</translation>
    </message>
    <message>
        <source>Lưu và in biên nhận (F12)</source>
        <translation>Save and print receipt (F12)</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <source>Trực tiếp tại bộ phận một cửa</source>
        <translation>In person at the one-stop desk</translation>
    </message>
    <message>
        <source>Qua dịch vụ bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Tại bộ phận tiếp nhận và trả kết quả</source>
        <translation>At the reception unit</translation>
    </message>
    <message>
        <source>Qua bưu chính, tại địa chỉ người nộp</source>
        <translation>By post, to the applicant&apos;s address</translation>
    </message>
    <message>
        <source>Lĩnh vực {field} · mã {code}</source>
        <translation>Field {field} · code {code}</translation>
    </message>
    <message>
        <source>Giấy tờ xuất trình để đối chiếu (xem rồi trả lại, không nộp lại):</source>
        <translation>Papers shown for comparison (checked, then handed back, not kept):</translation>
    </message>
    <message>
        <source>{component} — xem rồi trả lại</source>
        <translation>{component} — check and hand back</translation>
    </message>
    <message>
        <source>Xuất trình bản chính để đối chiếu, không nộp lại: đánh dấu khi đã xem, rồi trả lại người nộp.</source>
        <translation>Shown in the original for comparison, not handed in: tick it once checked, then give it back to the applicant.</translation>
    </message>
    <message numerus="yes">
        <source>%n bản chính</source>
        <translation>
            <numerusform>%n original</numerusform>
            <numerusform>%n originals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bản sao</source>
        <translation>
            <numerusform>%n copy</numerusform>
            <numerusform>%n copies</numerusform>
        </translation>
    </message>
    <message>
        <source>{position}. {name} ({counts})</source>
        <translation>{position}. {name} ({counts})</translation>
    </message>
    <message>
        <source>{position}. {name} ({counts}) (nếu có)</source>
        <translation>{position}. {name} ({counts}) (if any)</translation>
    </message>
    <message>
        <source>{position}. {name}</source>
        <translation>{position}. {name}</translation>
    </message>
    <message>
        <source>{position}. {name} (nếu có)</source>
        <translation>{position}. {name} (if any)</translation>
    </message>
    <message>
        <source>Mã QR quét chưa trọn (máy quét bị ngắt hoặc mất ký tự), nên chưa điền gì từ lần quét này. Hãy quét lại thẻ căn cước.</source>
        <translation>The QR scan was incomplete (the scanner was cut off or lost a character), so nothing was filled in from it. Scan the ID card again.</translation>
    </message>
    <message>
        <source>Địa chỉ trên thẻ: {address}</source>
        <translation>Address on the card: {address}</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Sinh ngày {birth} · {sex}</source>
        <translation>Born {birth} · {sex}</translation>
    </message>
    <message>
        <source>Họ tên đọc từ mã QR không có dấu (máy quét chưa ở chế độ Unicode). Hãy sửa họ tên cho đúng như trên thẻ.</source>
        <translation>The name read from the QR has no diacritics (the scanner is not in Unicode mode). Correct the name as printed on the card.</translation>
    </message>
    <message>
        <source>Đã điền thông tin từ thẻ căn cước số {id_number}; hãy đối chiếu với thẻ. Địa chỉ đã nhập tay được giữ nguyên; địa chỉ trên thẻ: {card_address}.</source>
        <translation>Filled in from ID card {id_number}; check it against the card. The address typed by hand was kept; the address on the card is: {card_address}.</translation>
    </message>
    <message>
        <source>Đã điền thông tin từ thẻ căn cước số {id_number}; hãy đối chiếu với thẻ.</source>
        <translation>Filled in from ID card {id_number}; check it against the card.</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục hành chính.</source>
        <translation>No administrative procedure has been chosen.</translation>
    </message>
    <message>
        <source>Đã lưu hồ sơ {code}.</source>
        <translation>Dossier {code} saved.</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục.</source>
        <translation>No procedure chosen.</translation>
    </message>
    <message>
        <source>Biên nhận PDF được lưu vào: {folder}</source>
        <translation>PDF receipts are saved in: {folder}</translation>
    </message>
    <message>
        <source>Chọn thư mục lưu biên nhận PDF</source>
        <translation>Choose the folder for PDF receipts</translation>
    </message>
</context>
<context>
    <name>IssueDialog</name>
    <message>
        <source>Cấp số thứ tự</source>
        <translation>Issue a ticket</translation>
    </message>
    <message>
        <source>Cấp và in số</source>
        <translation>Issue and print</translation>
    </message>
    <message>
        <source>Không ưu tiên</source>
        <translation>No priority</translation>
    </message>
    <message>
        <source>Khu vực:</source>
        <translation>Area:</translation>
    </message>
    <message>
        <source>Ưu tiên:</source>
        <translation>Priority:</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Lấy số thứ tự</source>
        <translation>Take a number</translation>
    </message>
    <message>
        <source>Mời chọn dịch vụ để lấy số thứ tự</source>
        <translation>Please choose a service to take a number</translation>
    </message>
    <message>
        <source>Nếu bạn thuộc diện ưu tiên, hãy chạm chọn trước khi chọn dịch vụ:</source>
        <translation>If you are entitled to priority, touch it before choosing the service:</translation>
    </message>
    <message>
        <source>Nhận kết quả: đưa mã vạch trên giấy biên nhận vào máy quét</source>
        <translation>Collecting a result: hold the barcode on your receipt to the scanner</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Số của bạn</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>Chạm vào màn hình để quay lại</source>
        <translation>Touch the screen to go back</translation>
    </message>
    <message numerus="yes">
        <source>Đang có %n người chờ trước bạn</source>
        <translation>
            <numerusform>%n person is ahead of you</numerusform>
            <numerusform>%n people are ahead of you</numerusform>
        </translation>
    </message>
    <message>
        <source>Không có ai chờ trước bạn: xin mời chú ý màn hình gọi số</source>
        <translation>Nobody is ahead of you: please watch the calling display</translation>
    </message>
    <message>
        <source>Ưu tiên: {kind}</source>
        <translation>Priority: {kind}</translation>
    </message>
    <message>
        <source>Hồ sơ: {code}</source>
        <translation>Dossier: {code}</translation>
    </message>
    <message>
        <source>Đang in số…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Máy này không in số: xin ghi nhớ số của bạn.</source>
        <translation>This kiosk prints no tickets: please remember your number.</translation>
    </message>
    <message>
        <source>Xin nhận phiếu số ở khe máy in.</source>
        <translation>Please take your ticket from the printer.</translation>
    </message>
    <message>
        <source>Chưa lấy được số: mất kết nối máy chủ hàng đợi. Xin thử lại sau ít phút hoặc hỏi cán bộ tại quầy.</source>
        <translation>No number could be issued: the queue server cannot be reached. Please try again in a few minutes or ask an officer at a counter.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Đang mở dữ liệu của máy trạm…</source>
        <translation>Opening this workstation&apos;s data…</translation>
    </message>
    <message>
        <source>{office} · {workstation}</source>
        <translation>{office} · {workstation}</translation>
    </message>
    <message>
        <source>Chưa mở được dữ liệu của máy trạm.</source>
        <translation>This workstation&apos;s data could not be opened.</translation>
    </message>
    <message>
        <source>Đang mở dữ liệu của máy trạm; sẽ đăng nhập ngay khi xong…</source>
        <translation>Opening this workstation&apos;s data; you will be logged in as soon as it is open…</translation>
    </message>
    <message>
        <source>Văn phòng mẫu đã sẵn sàng. Tài khoản dùng thử: {username}, mật khẩu: {password}.</source>
        <translation>The demo office is ready. Demo account: {username}, password: {password}.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tiếp nhận hồ sơ (Ctrl+1)</source>
        <translation>Intake (Ctrl+1)</translation>
    </message>
    <message>
        <source>Hồ sơ hôm nay (Ctrl+2)</source>
        <translation>Today&apos;s dossiers (Ctrl+2)</translation>
    </message>
    <message>
        <source>Hồ sơ đang xem (Ctrl+5)</source>
        <translation>Open dossier (Ctrl+5)</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>&amp;Xếp hàng</source>
        <translation>&amp;Queue</translation>
    </message>
    <message>
        <source>T&amp;rợ giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Hồ sơ &amp;mới</source>
        <translation>&amp;New dossier</translation>
    </message>
    <message>
        <source>Chọn thư mục lưu &amp;PDF…</source>
        <translation>Choose the &amp;PDF folder…</translation>
    </message>
    <message>
        <source>T&amp;hoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Tìm hồ sơ…</source>
        <translation>&amp;Find a dossier…</translation>
    </message>
    <message>
        <source>&amp;Mở hồ sơ theo mã…</source>
        <translation>&amp;Open by code…</translation>
    </message>
    <message>
        <source>&amp;Việc cần làm</source>
        <translation>&amp;Work list</translation>
    </message>
    <message>
        <source>Bản quét của hồ sơ đang xem…</source>
        <translation>Scans of the open dossier…</translation>
    </message>
    <message>
        <source>Giao nhận hồ sơ giấy…</source>
        <translation>Hand over paper folders…</translation>
    </message>
    <message>
        <source>&amp;Số liệu xếp hàng…</source>
        <translation>Queue &amp;figures…</translation>
    </message>
    <message>
        <source>&amp;Phím tắt</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Chưa có bản sao lưu</source>
        <translation>No backup yet</translation>
    </message>
    <message>
        <source>Sao lưu: hôm nay</source>
        <translation>Backup: today</translation>
    </message>
    <message numerus="yes">
        <source>Sao lưu: %n ngày trước</source>
        <translation>
            <numerusform>Backup: %n day ago</numerusform>
            <numerusform>Backup: %n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>{office} · {workstation} · Cán bộ: {officer}</source>
        <translation>{office} · {workstation} · Officer: {officer}</translation>
    </message>
    <message numerus="yes">
        <source>Hồ sơ hôm nay: %n (Ctrl+2)</source>
        <translation>
            <numerusform>Today: %n dossier (Ctrl+2)</numerusform>
            <numerusform>Today: %n dossiers (Ctrl+2)</numerusform>
        </translation>
    </message>
    <message>
        <source>Hồ sơ {code}
Thủ tục: {procedure}
Người nộp: {name}
Trạng thái: {state}
Hẹn trả: {due}</source>
        <translation>Dossier {code}
Procedure: {procedure}
Applicant: {name}
State: {state}
Due: {due}</translation>
    </message>
    <message>
        <source>Báo cáo định kỳ (Biểu số II.06a)…</source>
        <translation>Period report (form II.06a)…</translation>
    </message>
    <message>
        <source>Quét mã bị ngắt giữa chừng; hãy quét lại mã trên giấy tiếp nhận.</source>
        <translation>The scan broke off; scan the code on the receipt again.</translation>
    </message>
    <message>
        <source>Hãy mở một hồ sơ trước (Ctrl+F, Ctrl+O hoặc quét giấy).</source>
        <translation>Open a dossier first (Ctrl+F, Ctrl+O or scan its receipt).</translation>
    </message>
    <message>
        <source>Bản quét của hồ sơ {code}</source>
        <translation>Scans of dossier {code}</translation>
    </message>
    <message>
        <source>Việc cần làm (Ctrl+0)</source>
        <translation>Work list (Ctrl+0)</translation>
    </message>
    <message>
        <source>Hàng đợi</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>F2: tìm thủ tục · Enter: chọn thủ tục · Phím cách: đánh dấu thành phần
F8: dán mã QR căn cước · F12: lưu và in biên nhận · Ctrl+N: hồ sơ mới
Ctrl+1: tiếp nhận · Ctrl+2: hồ sơ hôm nay · F5: làm mới · Ctrl+P: in lại
Hàng đợi: F3 gọi tiếp · F4 gọi lại · F6 bắt đầu · F7 xong · F10 vắng mặt
F11 chuyển số · Ctrl+G gọi một số · F9 cấp số · Ctrl+3 hiện/ẩn hàng đợi</source>
        <translation>F2: find a procedure · Enter: choose the procedure · Space: tick a component
F8: paste an ID card QR · F12: save and print the receipt · Ctrl+N: new dossier
Ctrl+1: intake · Ctrl+2: today&apos;s dossiers · F5: refresh · Ctrl+P: reprint
Queue: F3 call next · F4 call again · F6 start · F7 finish · F10 no-show
F11 transfer · Ctrl+G call a number · F9 issue a ticket · Ctrl+3 show/hide the queue</translation>
    </message>
    <message>
        <source>Đang lưu hoặc in biên nhận; hãy đổi ngôn ngữ sau.</source>
        <translation>Saving or printing a receipt; change the language once it is done.</translation>
    </message>
    <message>
        <source>Hồ sơ đang nhập chưa được lưu. Đổi ngôn ngữ sẽ xóa những gì đã nhập. Vẫn đổi ngôn ngữ?</source>
        <translation>The dossier being entered is not saved. Changing the language clears what was entered. Change the language anyway?</translation>
    </message>
    <message>
        <source>Đổi ngôn ngữ</source>
        <translation>Change language</translation>
    </message>
    <message>
        <source>Ở lại</source>
        <translation>Stay</translation>
    </message>
    <message>
        <source>Không lưu được lựa chọn ngôn ngữ vào tệp cài đặt ({reason}); lần mở sau chương trình dùng lại ngôn ngữ cũ.</source>
        <translation>The language could not be saved in the settings file ({reason}); the next start uses the previous language again.</translation>
    </message>
    <message>
        <source>Giao diện đã chuyển sang tiếng Việt.</source>
        <translation>The interface is now in English.</translation>
    </message>
    <message>
        <source>Đang lưu hoặc in biên nhận; cửa sổ sẽ tự đóng khi xong việc.</source>
        <translation>Saving or printing a receipt; the window will close once it is done.</translation>
    </message>
    <message>
        <source>Hồ sơ đang nhập chưa được lưu. Thoát và bỏ những gì đã nhập?</source>
        <translation>The dossier being entered is not saved. Quit and discard what was entered?</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Cửa sổ chưa đóng: hãy xem thông báo trước.</source>
        <translation>The window stays open: please read the message first.</translation>
    </message>
</context>
<context>
    <name>NumberDialog</name>
    <message>
        <source>Gọi một số</source>
        <translation>Call a number</translation>
    </message>
    <message>
        <source>Gọi số này</source>
        <translation>Call this number</translation>
    </message>
    <message>
        <source>Số thứ tự (ví dụ A012):</source>
        <translation>Ticket number (e.g. A012):</translation>
    </message>
</context>
<context>
    <name>OpenCodeDialog</name>
    <message>
        <source>Mở hồ sơ theo mã</source>
        <translation>Open a dossier by code</translation>
    </message>
    <message>
        <source>Ví dụ 000.00.19.H26-250715-1001</source>
        <translation>For example 000.00.19.H26-250715-1001</translation>
    </message>
    <message>
        <source>&amp;Mã hồ sơ:</source>
        <translation>Dossier &amp;code:</translation>
    </message>
    <message>
        <source>Mở (Enter)</source>
        <translation>Open (Enter)</translation>
    </message>
    <message>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>“{text}” không phải mã hồ sơ; mã có dạng 000.00.19.H26-250715-1001.</source>
        <translation>“{text}” is not a dossier code; a code looks like 000.00.19.H26-250715-1001.</translation>
    </message>
</context>
<context>
    <name>PeriodReportDialog</name>
    <message>
        <source>Báo cáo tình hình giải quyết TTHC (Biểu số II.06a)</source>
        <translation>Report on administrative procedures handled (form II.06a)</translation>
    </message>
    <message>
        <source>Tháng này</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Tháng trước</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>Quý này</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <source>Sáu tháng này</source>
        <translation>This half year</translation>
    </message>
    <message>
        <source>Năm nay</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>Tự chọn ngày</source>
        <translation>Choose the days</translation>
    </message>
    <message>
        <source>&amp;Kỳ báo cáo:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>&amp;Từ ngày:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>đến &amp;ngày:</source>
        <translation>&amp;to:</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>ProcedureProcedure</translation>
    </message>
    <message>
        <source>Đơn vị</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Mỗi &amp;dòng:</source>
        <translation>One &amp;line per:</translation>
    </message>
    <message>
        <source>&amp;Lập báo cáo (Enter)</source>
        <translation>&amp;Draw up (Enter)</translation>
    </message>
    <message>
        <source>Lĩnh vực, công việc</source>
        <translation>Field, task</translation>
    </message>
    <message>
        <source>Nhận
tổng số</source>
        <translation>Received
total</translation>
    </message>
    <message>
        <source>Trực
tuyến</source>
        <translation>On
line</translation>
    </message>
    <message>
        <source>Trực tiếp,
bưu chính</source>
        <translation>At the desk,
by post</translation>
    </message>
    <message>
        <source>Từ
kỳ trước</source>
        <translation>From the
last period</translation>
    </message>
    <message>
        <source>Đã giải quyết
tổng số</source>
        <translation>Resolved
total</translation>
    </message>
    <message>
        <source>Trước
hạn</source>
        <translation>Ahead
of time</translation>
    </message>
    <message>
        <source>Đúng
hạn</source>
        <translation>On
time</translation>
    </message>
    <message>
        <source>Quá
hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Đang giải quyết
tổng số</source>
        <translation>In progress
total</translation>
    </message>
    <message>
        <source>Trong
hạn</source>
        <translation>Within
time</translation>
    </message>
    <message>
        <source>Đang
quá hạn</source>
        <translation>Now
overdue</translation>
    </message>
    <message>
        <source>Nhấn đúp một số để xem các hồ sơ được đếm.</source>
        <translation>Double-click a number to see the dossiers it counts.</translation>
    </message>
    <message>
        <source>Lưu &amp;PDF…</source>
        <translation>Save &amp;PDF…</translation>
    </message>
    <message>
        <source>Lưu &amp;XLSX…</source>
        <translation>Save &amp;XLSX…</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)Close (Esc)</translation>
    </message>
    <message>
        <source>Đang lập báo cáo…</source>
        <translation>Drawing up the report…</translation>
    </message>
    <message>
        <source>Từ {first} đến {last}: nhận {received} hồ sơ; đúng hạn {rate}.</source>
        <translation>From {first} to {last}: {received} dossiers received; on time {rate}.</translation>
    </message>
    <message>
        <source>Các hồ sơ của ô “{column}”, dòng “{row}”:</source>
        <translation>The dossiers of the cell “{column}”, line “{row}”:</translation>
    </message>
    <message>
        <source>Lưu báo cáo</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <source>Đã lưu báo cáo vào {path}.</source>
        <translation>The report was saved to {path}.</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <source>Mất kết nối máy chủ hàng đợi, đang thử lại…</source>
        <translation>Lost the connection to the queue server, retrying…</translation>
    </message>
    <message>
        <source>Người cao tuổi</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <source>Người khuyết tật</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Phụ nữ mang thai</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <source>Người có con nhỏ</source>
        <translation>With small children</translation>
    </message>
    <message>
        <source>Ưu tiên khác</source>
        <translation>Other priority</translation>
    </message>
    <message>
        <source>Quầy {counter}</source>
        <translation>Counter {counter}</translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>QueueFiguresDialog</name>
    <message>
        <source>Số liệu xếp hàng</source>
        <translation>Queue figures</translation>
    </message>
    <message>
        <source>&amp;Ngày:</source>
        <translation>&amp;Day:</translation>
    </message>
    <message>
        <source>&amp;Hôm nay</source>
        <translation>&amp;Today</translation>
    </message>
    <message>
        <source>Làm mới (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Thời gian chờ: từ lúc lấy số đến lần gọi đầu tiên. Thời gian phục vụ: từ lúc bắt đầu phục vụ (hoặc lúc gọi) đến lúc xong. Trung vị: một nửa số lượt không quá thời gian này; P90: 90% số lượt không quá. Đơn vị: phút:giây.</source>
        <translation>Waiting time: from taking the ticket to its first call. Service time: from the start of service (or the call) to the end. Median: half of the tickets took no longer; P90: 90% took no longer. In minutes:seconds.</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Theo</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Đã cấp</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Số thứ tự đã cấp trong ngày</source>
        <translation>Tickets issued on the day</translation>
    </message>
    <message>
        <source>Đã phục vụ</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Vắng mặt</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Được gọi nhưng không đến</source>
        <translation>Called but did not come</translation>
    </message>
    <message>
        <source>Đang chờ</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Chưa xong: đang chờ, đã gọi hoặc đang phục vụ</source>
        <translation>Not finished: waiting, called or being served</translation>
    </message>
    <message>
        <source>Chờ: trung vị</source>
        <translation>Wait: median</translation>
    </message>
    <message>
        <source>Từ lúc lấy số đến lần gọi đầu tiên</source>
        <translation>From taking the ticket to its first call</translation>
    </message>
    <message>
        <source>Chờ: P90</source>
        <translation>Wait: P90</translation>
    </message>
    <message>
        <source>90% số lượt chờ không quá thời gian này</source>
        <translation>90% of the waits were no longer than this</translation>
    </message>
    <message>
        <source>Phục vụ: trung vị</source>
        <translation>Service: median</translation>
    </message>
    <message>
        <source>Từ lúc bắt đầu phục vụ đến lúc xong</source>
        <translation>From the start of service to the end</translation>
    </message>
    <message>
        <source>Phục vụ: P90</source>
        <translation>Service: P90</translation>
    </message>
    <message>
        <source>90% số lượt phục vụ không quá thời gian này</source>
        <translation>90% of the services were no longer than this</translation>
    </message>
    <message>
        <source>(hôm nay)</source>
        <translation>(today)</translation>
    </message>
    <message>
        <source>Khu vực</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Tổng cộng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Ngày {day} chưa có số nào được cấp.</source>
        <translation>No tickets were issued on {day}.</translation>
    </message>
    <message>
        <source>Số liệu ngày {day}, cập nhật lúc {time}.</source>
        <translation>Figures of {day}, updated at {time}.</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Hàng đợi</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Công dân tại quầy</source>
        <translation>Citizen at the counter</translation>
    </message>
    <message>
        <source>Tìm hồ sơ này trong danh sách hồ sơ hôm nay, hoặc xem tóm tắt của hồ sơ</source>
        <translation>Find this dossier in today&apos;s dossiers, or see its summary</translation>
    </message>
    <message>
        <source>Xem hồ sơ</source>
        <translation>Open dossier</translation>
    </message>
    <message>
        <source>Gọi người tiếp theo trong các khu vực của quầy này</source>
        <translation>Call the next citizen in this counter&apos;s areas</translation>
    </message>
    <message>
        <source>Gọi tiếp
F3</source>
        <translation>Call next
F3</translation>
    </message>
    <message>
        <source>Gọi lại
F4</source>
        <translation>Call again
F4</translation>
    </message>
    <message>
        <source>Bắt đầu
F6</source>
        <translation>Start
F6</translation>
    </message>
    <message>
        <source>Xong
F7</source>
        <translation>Finish
F7</translation>
    </message>
    <message>
        <source>Vắng mặt
F10</source>
        <translation>No-show
F10</translation>
    </message>
    <message>
        <source>Chuyển…
F11</source>
        <translation>Transfer…
F11</translation>
    </message>
    <message>
        <source>Gọi số…
Ctrl+G</source>
        <translation>Call no.…
Ctrl+G</translation>
    </message>
    <message>
        <source>Cấp số
F9</source>
        <translation>Issue
F9</translation>
    </message>
    <message>
        <source>Gọi lại số đang ở quầy này</source>
        <translation>Call the number at this counter again</translation>
    </message>
    <message>
        <source>Công dân đã đến quầy: bắt đầu phục vụ</source>
        <translation>The citizen has come to the counter: start serving</translation>
    </message>
    <message>
        <source>Đã phục vụ xong công dân này</source>
        <translation>This citizen has been served</translation>
    </message>
    <message>
        <source>Công dân không đến quầy sau khi được gọi</source>
        <translation>The citizen did not come after being called</translation>
    </message>
    <message>
        <source>Chuyển số sang khu vực hoặc quầy khác; công dân giữ nguyên số</source>
        <translation>Send the ticket to another area or counter; the citizen keeps the number</translation>
    </message>
    <message>
        <source>Gọi một số cụ thể, ngoài thứ tự</source>
        <translation>Call a given number, out of turn</translation>
    </message>
    <message>
        <source>Cấp một số thứ tự mới và in ra</source>
        <translation>Issue a new ticket and print it</translation>
    </message>
    <message>
        <source>Đang chờ (Ctrl+3)</source>
        <translation>Waiting (Ctrl+3)</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Chờ</source>
        <translation>Wait</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Đã kết nối lại máy chủ hàng đợi.</source>
        <translation>Connected to the queue server again.</translation>
    </message>
    <message>
        <source>{reason} Đang thử lại…</source>
        <translation>{reason} Retrying…</translation>
    </message>
    <message>
        <source>Mời số {label} đến {counter}.</source>
        <translation>Number {label}, please come to {counter}.</translation>
    </message>
    <message>
        <source>Đã gọi lại số {label} (lần gọi thứ {calls}).</source>
        <translation>Called number {label} again (call {calls}).</translation>
    </message>
    <message>
        <source>Đang phục vụ số {label}.</source>
        <translation>Serving number {label}.</translation>
    </message>
    <message>
        <source>Đã phục vụ xong số {label}; hồ sơ {code} được ghi vào số này.</source>
        <translation>Number {label} served; dossier {code} is recorded on the ticket.</translation>
    </message>
    <message>
        <source>Đã phục vụ xong số {label}.</source>
        <translation>Number {label} served.</translation>
    </message>
    <message>
        <source>Số {label} được ghi là vắng mặt.</source>
        <translation>Number {label} recorded as a no-show.</translation>
    </message>
    <message>
        <source>Chưa có số nào ở quầy này để chuyển.</source>
        <translation>There is no number at this counter to transfer.</translation>
    </message>
    <message>
        <source>Đang đọc danh sách khu vực; hãy thử lại sau giây lát.</source>
        <translation>Reading the list of areas; try again in a moment.</translation>
    </message>
    <message>
        <source>Đã chuyển số {label} sang khu vực {letter} {area}, dành cho {counter}; số vẫn giữ nguyên.</source>
        <translation>Number {label} sent to area {letter} {area}, for {counter}; the number stays the same.</translation>
    </message>
    <message>
        <source>Đã chuyển số {label} sang khu vực {letter} {area}; số vẫn giữ nguyên.</source>
        <translation>Number {label} sent to area {letter} {area}; the number stays the same.</translation>
    </message>
    <message numerus="yes">
        <source>Đã cấp số {label} (khu vực {letter} {area}), %n người chờ trước.</source>
        <translation>
            <numerusform>Issued number {label} (area {letter} {area}), %n person ahead.</numerusform>
            <numerusform>Issued number {label} (area {letter} {area}), %n people ahead.</numerusform>
        </translation>
    </message>
    <message>
        <source>{issued} Máy này chưa đặt máy in số thứ tự: hãy đọc số cho công dân.</source>
        <translation>{issued} No ticket printer is set on this machine: read the number out to the citizen.</translation>
    </message>
    <message>
        <source>{issued} {problem}</source>
        <translation>{issued} {problem}</translation>
    </message>
    <message>
        <source>{issued} Đã in số.</source>
        <translation>{issued} Ticket printed.</translation>
    </message>
    <message>
        <source>Chưa có số nào ở quầy này: bấm F3 để gọi số tiếp theo.</source>
        <translation>No number at this counter yet: press F3 to call the next one.</translation>
    </message>
    <message>
        <source>Hàng đợi của {counter}</source>
        <translation>Queue of {counter}</translation>
    </message>
    <message>
        <source>Máy này chưa được gán số quầy.</source>
        <translation>This machine has no counter number yet.</translation>
    </message>
    <message>
        <source>Chưa có ai tại quầy.</source>
        <translation>Nobody at the counter.</translation>
    </message>
    <message>
        <source>Khu vực {letter} · {area} — {state}</source>
        <translation>Area {letter} · {area} — {state}</translation>
    </message>
    <message>
        <source>Ưu tiên: {kind}</source>
        <translation>Priority: {kind}</translation>
    </message>
    <message numerus="yes">
        <source>Lấy số lúc {time} · gọi %n lần</source>
        <translation>
            <numerusform>Taken at {time} · called %n time</numerusform>
            <numerusform>Taken at {time} · called %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>Hồ sơ cần trả: {code}</source>
        <translation>Result to hand back: {code}</translation>
    </message>
    <message>
        <source>Hồ sơ vừa tiếp nhận: {code} (ghi vào số khi bấm Xong)</source>
        <translation>Dossier just taken in: {code} (recorded on the ticket at Finish)</translation>
    </message>
    <message numerus="yes">
        <source>{letter} · {area}: %n người chờ</source>
        <translation>
            <numerusform>{letter} · {area}: %n waiting</numerusform>
            <numerusform>{letter} · {area}: %n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phút</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>cho {counter}</source>
        <translation>for {counter}</translation>
    </message>
    <message>
        <source>hồ sơ {code}</source>
        <translation>dossier {code}</translation>
    </message>
    <message>
        <source>được chuyển đến</source>
        <translation>transferred here</translation>
    </message>
</context>
<context>
    <name>ReceiptJobs</name>
    <message>
        <source>Biên nhận {code} đã in, nhưng chưa ghi nhận được lần in này: {reason}</source>
        <translation>Receipt {code} was printed, but this print could not be recorded: {reason}</translation>
    </message>
    <message>
        <source>Chưa in lại được biên nhận {code}: {reason}</source>
        <translation>Receipt {code} was not reprinted: {reason}</translation>
    </message>
    <message>
        <source>Hồ sơ {code} đã được lưu nhưng chưa in được biên nhận: {reason} Có thể in lại từ danh sách hồ sơ hôm nay.</source>
        <translation>Dossier {code} is saved but its receipt was not printed: {reason} You can reprint it from today&apos;s list.</translation>
    </message>
</context>
<context>
    <name>ReceiptOutput</name>
    <message>
        <source>Không đọc được biên nhận để in.</source>
        <translation>The receipt could not be read for printing.</translation>
    </message>
    <message>
        <source>Máy in không nhận lệnh in.</source>
        <translation>The printer did not accept the job.</translation>
    </message>
    <message>
        <source>Máy in</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Xem trước rồi in</source>
        <translation>Preview, then print</translation>
    </message>
    <message>
        <source>Tệp PDF</source>
        <translation>PDF file</translation>
    </message>
    <message>
        <source>Máy tính này chưa cài máy in nào, nên biên nhận được lưu thành tệp PDF trong thư mục {folder}. Khi đã cài máy in, chọn “Máy in” ở ô “In ra” của màn hình tiếp nhận.</source>
        <translation>This computer has no printer installed, so receipts are saved as PDF files in the folder {folder}. Once a printer is installed, choose “Printer” under “Print to” on the intake screen.</translation>
    </message>
    <message>
        <source>Đã in biên nhận {code} từ bản xem trước.</source>
        <translation>Receipt {code} printed from the preview.</translation>
    </message>
    <message>
        <source>Đã mở bản xem trước biên nhận {code}.</source>
        <translation>Opened the preview of receipt {code}.</translation>
    </message>
    <message>
        <source>Không ghi được tệp PDF vào thư mục {folder} ({reason}).</source>
        <translation>Could not write the PDF file in the folder {folder} ({reason}).</translation>
    </message>
    <message>
        <source>Đã lưu biên nhận vào {path}.</source>
        <translation>Receipt saved as {path}.</translation>
    </message>
    <message>
        <source>Máy tính này chưa kết nối máy in nào.</source>
        <translation>This computer has no printer connected.</translation>
    </message>
    <message>
        <source>Đã gửi biên nhận {code} tới máy in {printer}.</source>
        <translation>Receipt {code} sent to the printer {printer}.</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <source>&amp;Lý do từ chối:</source>
        <translation>Reason for re&amp;fusal:</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <source>&amp;Số, ký hiệu kết quả:</source>
        <translation>Result &amp;number:</translation>
    </message>
    <message>
        <source>&amp;Người ký:</source>
        <translation>&amp;Signed by:</translation>
    </message>
    <message>
        <source>&amp;Cơ quan ban hành:</source>
        <translation>&amp;Issued by:</translation>
    </message>
    <message>
        <source>&amp;Trích yếu:</source>
        <translation>S&amp;ummary:</translation>
    </message>
</context>
<context>
    <name>ResumeDialog</name>
    <message>
        <source>Công dân đã nộp đủ thành phần bổ sung. Thời hạn giải quyết chạy lại từ bây giờ; hạn trả lùi thêm bằng thời gian tạm dừng (từ {since}).</source>
        <translation>The citizen has brought every missing component. The processing time runs again from now; the due date moves on by the time paused (since {since}).</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>The applicant</translation>
    </message>
    <message>
        <source>Người được ủy quyền</source>
        <translation>A proxy</translation>
    </message>
    <message>
        <source>Người &amp;nhận:</source>
        <translation>&amp;Collected by:</translation>
    </message>
    <message>
        <source>&amp;Họ tên người nhận:</source>
        <translation>Collector&apos;s &amp;name:</translation>
    </message>
    <message>
        <source>Số giấy &amp;tờ tùy thân:</source>
        <translation>Collector&apos;s &amp;ID number:</translation>
    </message>
    <message>
        <source>Hình thức th&amp;u:</source>
        <translation>Pa&amp;yment method:</translation>
    </message>
    <message>
        <source>Số biên &amp;lai:</source>
        <translation>Fee recei&amp;pt number:</translation>
    </message>
    <message>
        <source>&amp;Bản gốc trả lại:</source>
        <translation>&amp;Originals returned:</translation>
    </message>
    <message>
        <source>&amp;Phí, lệ phí (đồng):</source>
        <translation>&amp;Fees (VND):</translation>
    </message>
    <message>
        <source>Mã &amp;vận đơn bưu điện:</source>
        <translation>Postal &amp;waybill:</translation>
    </message>
    <message>
        <source>Chỉ khi gửi qua bưu điện</source>
        <translation>Only when sent by post</translation>
    </message>
    <message>
        <source>Số tiền phí, lệ phí phải là số đồng, ví dụ 50.000.</source>
        <translation>The fee must be an amount in VND, for example 50.000.</translation>
    </message>
</context>
<context>
    <name>StopDialog</name>
    <message>
        <source>&amp;Lý do dừng:</source>
        <translation>Reason for &amp;stopping:</translation>
    </message>
    <message>
        <source>Đã giải quyết đến &amp;bước:</source>
        <translation>S&amp;tage reached:</translation>
    </message>
    <message>
        <source>Giấy &amp;tờ đã trả lại:</source>
        <translation>&amp;Papers returned:</translation>
    </message>
    <message>
        <source>&amp;Phí, lệ phí đã xử lý:</source>
        <translation>&amp;Fees settled:</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>Thành phần cần bổ sung</source>
        <translation>Component to supplement</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>Bản sao CT</source>
        <translation>Certified copies</translation>
    </message>
    <message>
        <source>Bản chụp</source>
        <translation>Photocopies</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Thành phần hồ sơ cần bổ sung, hoàn thiện:</source>
        <translation>&amp;Components to supplement or complete:</translation>
    </message>
    <message>
        <source>Thêm dò&amp;ng</source>
        <translation>&amp;Add a row</translation>
    </message>
    <message>
        <source>&amp;Xóa dòng</source>
        <translation>Re&amp;move the row</translation>
    </message>
    <message>
        <source>&amp;Lý do:</source>
        <translation>Rea&amp;son:</translation>
    </message>
    <message>
        <source>&amp;Hướng dẫn:</source>
        <translation>&amp;Guidance:</translation>
    </message>
    <message>
        <source>Nơi tra cứu quy định, số điện thoại hỏi</source>
        <translation>Where to read the rules, whom to call</translation>
    </message>
    <message>
        <source>Hồ sơ đã được yêu cầu bổ sung {n} lần; yêu cầu thêm phải có lãnh đạo bộ phận duyệt và ghi lý do.</source>
        <translation>A supplement was already requested {n} times; another request needs a supervisor&apos;s approval and a reason.</translation>
    </message>
    <message>
        <source>Lý do &amp;yêu cầu lần nữa:</source>
        <translation>Reason for asking agai&amp;n:</translation>
    </message>
    <message>
        <source>Số bản phải là một số: “{text}” ở dòng {row}.</source>
        <translation>The number of copies must be a number: “{text}” in row {row}.</translation>
    </message>
</context>
<context>
    <name>SyncMonitor</name>
    <message>
        <source>Đồng bộ: đang kiểm tra…</source>
        <translation>Sync: checking…</translation>
    </message>
    <message>
        <source>Chưa đăng ký máy chủ</source>
        <translation>Not enrolled with a server</translation>
    </message>
    <message>
        <source>Máy trạm bị thu hồi quyền đồng bộ — {waiting} chờ gửi</source>
        <translation>Sync revoked for this workstation — {waiting} waiting</translation>
    </message>
    <message>
        <source>Mất kết nối — {waiting} chờ gửi</source>
        <translation>Offline — {waiting} waiting</translation>
    </message>
    <message>
        <source>Đồng bộ lỗi, sẽ thử lại — {waiting} chờ gửi</source>
        <translation>Sync failed, will retry — {waiting} waiting</translation>
    </message>
    <message>
        <source>Đồng bộ: {waiting} chờ gửi · lần cuối {time}</source>
        <translation>Sync: {waiting} waiting · last {time}</translation>
    </message>
    <message>
        <source>Đồng bộ: {waiting} chờ gửi</source>
        <translation>Sync: {waiting} waiting</translation>
    </message>
    <message>
        <source>{count} bị giữ lại</source>
        <translation>{count} held back</translation>
    </message>
    <message>
        <source>{count} bản quét chờ gửi</source>
        <translation>{count} scans waiting</translation>
    </message>
    <message>
        <source>đồng hồ lệch</source>
        <translation>clock off</translation>
    </message>
    <message>
        <source>Máy chủ quận không nhận máy trạm này nữa; không có gì bị xóa. Hãy nhờ quản trị viên đăng ký lại (desk-app enroll).</source>
        <translation>The district server no longer accepts this workstation; nothing was deleted. Ask an administrator to enroll it again (desk-app enroll).</translation>
    </message>
    <message>
        <source>Bị máy chủ giữ lại (không gửi lại):</source>
        <translation>Held back by the server (not sent again):</translation>
    </message>
    <message>
        <source>{kind} lúc {time}: {reason}</source>
        <translation>{kind} at {time}: {reason}</translation>
    </message>
    <message>
        <source>Bản quét chưa gửi được (thử lại mỗi lần đồng bộ):</source>
        <translation>Scans not sent yet (tried again at every sync):</translation>
    </message>
    <message>
        <source>Đồng hồ máy này lệch {minutes} phút so với máy chủ quận; hãy chỉnh lại giờ.</source>
        <translation>This computer&apos;s clock is {minutes} minutes off the district server&apos;s; please set the time.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>{time} ngày {date}</source>
        <translation>{time} on {date}</translation>
    </message>
</context>
<context>
    <name>TodayList</name>
    <message>
        <source>Hồ sơ hôm nay</source>
        <translation>Today&apos;s dossiers</translation>
    </message>
    <message>
        <source>Hồ sơ tiếp nhận hôm nay tại quầy này</source>
        <translation>Dossiers received today at this counter</translation>
    </message>
    <message>
        <source>Làm mới (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>In &amp;lại biên nhận (Ctrl+P)</source>
        <translation>Reprin&amp;t receipt (Ctrl+P)</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Số lần in</source>
        <translation>Prints</translation>
    </message>
    <message>
        <source>Đang đọc danh sách hồ sơ hôm nay…</source>
        <translation>Reading today&apos;s dossiers…</translation>
    </message>
    <message numerus="yes">
        <source>%n hồ sơ đã tiếp nhận hôm nay.</source>
        <translation>
            <numerusform>%n dossier received today.</numerusform>
            <numerusform>%n dossiers received today.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferActDialog</name>
    <message>
        <source>Đơn vị &amp;nhận:</source>
        <translation>Receiving &amp;unit:</translation>
    </message>
    <message>
        <source>Phòng, ban giải quyết hồ sơ</source>
        <translation>The department handling the dossier</translation>
    </message>
    <message>
        <source>&amp;Cán bộ nhận:</source>
        <translation>Receiving &amp;officer:</translation>
    </message>
    <message>
        <source>Ghi ch&amp;ú:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>Chuyển &amp;về bộ phận một cửa (chưa có kết quả)</source>
        <translation>&amp;Back to the one-stop desk (no result yet)</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Chuyển số {label}</source>
        <translation>Transfer number {label}</translation>
    </message>
    <message>
        <source>Chuyển</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Công dân giữ nguyên số {label}.</source>
        <translation>The citizen keeps number {label}.</translation>
    </message>
    <message>
        <source>để trống: quầy nào của khu vực cũng gọi</source>
        <translation>empty: any counter of the area may call it</translation>
    </message>
    <message>
        <source>Sang khu vực:</source>
        <translation>To area:</translation>
    </message>
    <message>
        <source>Dành cho quầy:</source>
        <translation>For counter:</translation>
    </message>
</context>
<context>
    <name>WorkListApologyDialog</name>
    <message>
        <source>Phiếu xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Apology and new appointment for the result</translation>
    </message>
    <message>
        <source>Hồ sơ &lt;b&gt;{code}&lt;/b&gt; của {applicant}&lt;br&gt;{procedure}&lt;br&gt;Hẹn trả hiện tại: &lt;b&gt;{hour} ngày {day}&lt;/b&gt;</source>
        <translation>Dossier &lt;b&gt;{code}&lt;/b&gt; of {applicant}&lt;br&gt;{procedure}&lt;br&gt;Currently due: &lt;b&gt;{hour} on {day}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Vì sao hồ sơ chưa giải quyết được đúng hạn (in trên phiếu).</source>
        <translation>Why the dossier could not be settled on time (printed on the form).</translation>
    </message>
    <message>
        <source>Ngày hẹn trả mới:</source>
        <translation>New due date:</translation>
    </message>
    <message>
        <source>Đề xuất: thêm bằng thời hạn giải quyết ban đầu của hồ sơ; hãy sửa nếu đơn vị giải quyết hẹn ngày khác.</source>
        <translation>Proposed: the dossier&apos;s original processing time once more; change it if the handling unit gives another date.</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Người duyệt:</source>
        <translation>Approver:</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>Gia hạn phải có lãnh đạo bộ phận duyệt: người duyệt nhập tài khoản.</source>
        <translation>An extension needs the head of the unit&apos;s approval: the approver enters their account.</translation>
    </message>
    <message>
        <source>Tài khoản người duyệt:</source>
        <translation>Approver&apos;s username:</translation>
    </message>
    <message>
        <source>Mật khẩu người duyệt:</source>
        <translation>Approver&apos;s password:</translation>
    </message>
    <message>
        <source>Lập phiếu</source>
        <translation>Make the form</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WorkListView</name>
    <message>
        <source>Đang đọc danh sách việc cần làm…</source>
        <translation>Reading the work list…</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Còn lại</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Làm mới (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Mở hồ sơ</source>
        <translation>Open dossier</translation>
    </message>
    <message>
        <source>Lập phiếu xin lỗi…</source>
        <translation>Make apology…</translation>
    </message>
    <message>
        <source>Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04), lập trước khi hết hạn.</source>
        <translation>Apology and new appointment for the result (Form 04), made before the deadline passes.</translation>
    </message>
    <message>
        <source>Cập nhật lúc {hour} ngày {day}. Sắp đến hạn: trong {days} ngày làm việc tới (đến hết ngày {horizon}).</source>
        <translation>Updated at {hour} on {day}. Due soon: within the next {days} working days (until the end of {horizon}).</translation>
    </message>
    <message numerus="yes">
        <source>%n hồ sơ sắp trễ hạn (tô vàng): hãy lập phiếu xin lỗi và hẹn lại trước khi hết hạn.</source>
        <translation>
            <numerusform>%n dossier about to be late (in yellow): make the apology and new appointment before the deadline passes.</numerusform>
            <numerusform>%n dossiers about to be late (in yellow): make the apology and new appointment before the deadline passes.</numerusform>
        </translation>
    </message>
    <message>
        <source>{label} ({count})</source>
        <translation>{label} ({count})</translation>
    </message>
    <message numerus="yes">
        <source>… và %n hồ sơ khác (tìm theo mã để mở).</source>
        <translation>
            <numerusform>… and %n more dossier (search by code to open it).</numerusform>
            <numerusform>… and %n more dossiers (search by code to open them).</numerusform>
        </translation>
    </message>
    <message>
        <source>Quá hạn {span}</source>
        <translation>Overdue by {span}</translation>
    </message>
    <message numerus="yes">
        <source>Quá hạn %n ngày làm việc</source>
        <translation>
            <numerusform>Overdue by %n working day</numerusform>
            <numerusform>Overdue by %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>Còn {span}</source>
        <translation>{span} left</translation>
    </message>
    <message numerus="yes">
        <source>Còn %n ngày làm việc</source>
        <translation>
            <numerusform>%n working day left</numerusform>
            <numerusform>%n working days left</numerusform>
        </translation>
    </message>
    <message>
        <source>Tạm dừng, chờ bổ sung</source>
        <translation>Paused, waiting for supplement</translation>
    </message>
    <message>
        <source>Tạm dừng từ {day}</source>
        <translation>Paused since {day}</translation>
    </message>
    <message>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Có kết quả từ {day}</source>
        <translation>Result ready since {day}</translation>
    </message>
    <message>
        <source>{minutes} phút</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} giờ {minutes} phút</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>Quá hạn {overdue} · Hôm nay {today} · Sắp đến hạn {soon} · Chờ bổ sung {waiting} · Chờ trả {ready}</source>
        <translation>Overdue {overdue} · Today {today} · Due soon {soon} · Awaiting supplement {waiting} · To return {ready}</translation>
    </message>
</context>
</TS>
