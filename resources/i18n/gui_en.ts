<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
<context>
    <name>App</name>
    <message>
        <source>Bộ phận một cửa</source>
        <translation>One-stop desk</translation>
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
        <source>&amp;Bộ phận tiếp nhận:</source>
        <translation>&amp;Reception unit:</translation>
    </message>
    <message>
        <source>VD: UBND phường Thanh Xuân Trung</source>
        <translation>e.g. UBND phường Thanh Xuân Trung</translation>
    </message>
    <message>
        <source>Bộ phận tiếp nhận và trả kết quả</source>
        <translation>Bộ phận tiếp nhận và trả kết quả</translation>
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
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords do not match.</translation>
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
        <source>&amp;Tìm thủ tục (F2):</source>
        <translation>&amp;Find a procedure (F2):</translation>
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
        <source>Đã nhận đủ tất cả thành phần</source>
        <translation>All components received</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Quét QR thẻ căn cước vào ô bất kỳ, hoặc</source>
        <translation>Scan the ID card QR into any field, or</translation>
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
        <source>Số định &amp;danh cá nhân:</source>
        <translation>&amp;ID number:</translation>
    </message>
    <message>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <source>Số điện th&amp;oại:</source>
        <translation>P&amp;hone:</translation>
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
        <source>Hẹn trả kết quả:</source>
        <translation>Result due:</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết:</source>
        <translation>Processing time:</translation>
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
        <source>Sinh ngày {birth} · {sex}</source>
        <translation>Born {birth} · {sex}</translation>
    </message>
    <message>
        <source>Họ tên đọc từ mã QR không có dấu (máy quét chưa ở chế độ Unicode). Hãy sửa họ tên cho đúng như trên thẻ.</source>
        <translation>The name read from the QR has no diacritics (the scanner is not in Unicode mode). Correct the name as printed on the card.</translation>
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
        <source>Bộ phận một cửa</source>
        <translation>One-stop desk</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ (Ctrl+1)</source>
        <translation>Intake (Ctrl+1)</translation>
    </message>
    <message>
        <source>Hồ sơ hôm nay (Ctrl+2)</source>
        <translation>Today&apos;s dossiers (Ctrl+2)</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
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
        <source>&amp;Phím tắt</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Bộ phận một cửa — {office}</source>
        <translation>One-stop desk — {office}</translation>
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
        <source>F2: tìm thủ tục · Enter: chọn thủ tục · Phím cách: đánh dấu thành phần
F8: dán mã QR căn cước · F12: lưu và in biên nhận · Ctrl+N: hồ sơ mới
Ctrl+1: tiếp nhận · Ctrl+2: hồ sơ hôm nay · F5: làm mới · Ctrl+P: in lại</source>
        <translation>F2: find a procedure · Enter: take it · Space: tick a component
F8: paste an ID card QR · F12: save and print the receipt · Ctrl+N: new dossier
Ctrl+1: intake · Ctrl+2: today&apos;s dossiers · F5: refresh · Ctrl+P: reprint</translation>
    </message>
    <message>
        <source>Đang lưu hoặc in biên nhận; cửa sổ sẽ tự đóng khi xong việc.</source>
        <translation>Saving or printing a receipt; the window will close once it is done.</translation>
    </message>
    <message>
        <source>Cửa sổ chưa đóng: hãy xem thông báo trước.</source>
        <translation>The window stays open: please read the message first.</translation>
    </message>
</context>
<context>
    <name>ReceiptJobs</name>
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
        <source>&amp;In lại biên nhận</source>
        <translation>&amp;Reprint receipt</translation>
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
</TS>
