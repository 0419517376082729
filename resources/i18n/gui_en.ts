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
        <source>F2: tìm thủ tục · Enter: chọn thủ tục · Phím cách: đánh dấu thành phần
F8: dán mã QR căn cước · F12: lưu và in biên nhận · Ctrl+N: hồ sơ mới
Ctrl+1: tiếp nhận · Ctrl+2: hồ sơ hôm nay · F5: làm mới · Ctrl+P: in lại</source>
        <translation>F2: find a procedure · Enter: take it · Space: tick a component
F8: paste an ID card QR · F12: save and print the receipt · Ctrl+N: new dossier
Ctrl+1: intake · Ctrl+2: today&apos;s dossiers · F5: refresh · Ctrl+P: reprint</translation>
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
</TS>
