<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>ArchiveWorkspace</name>
    <message>
        <location filename="../archive/workspace.py" line="58" />
        <source>Open a record to review its history, provenance, attachments and signed statement.</source>
        <translation>기록을 열면 이력, 출처, 첨부파일, 서명된 진술서를 검토할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="72" />
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="73" />
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="74" />
        <source>Patterns</source>
        <translation>패턴</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="75" />
        <source>Trusted keys</source>
        <translation>신뢰하는 키</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="78" />
        <source>Export &amp;incidents (CSV)…</source>
        <translation>사건 내보내기(&amp;I) (CSV)…</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="79" />
        <source>The filtered incidents, one row per act, for analysis or HURIDOCS Uwazi</source>
        <translation>필터된 사건을 행위마다 한 줄로 (분석용 또는 HURIDOCS Uwazi용)</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="81" />
        <source>Export evidence &amp;register (CSV)…</source>
        <translation>증거 목록 내보내기(&amp;R) (CSV)…</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="86" />
        <source>&lt;b&gt;Archive&lt;/b&gt;</source>
        <translation>&lt;b&gt;보관소&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="166" />
        <source>Export CSV</source>
        <translation>CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="167" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="182" />
        <source>%1 rows written to %2</source>
        <translation>%2에 %1줄을 썼습니다</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="209" />
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <location filename="../archive/__init__.py" line="54" />
        <source>&amp;Archive workspace</source>
        <translation>보관소 작업 공간(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <location filename="../archive/charts.py" line="131" />
        <source>Save as PNG…</source>
        <translation>PNG로 저장…</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="132" />
        <source>Save as SVG…</source>
        <translation>SVG로 저장…</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="135" />
        <source>Save chart as PNG</source>
        <translation>차트를 PNG로 저장</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="136" />
        <source>Save chart as SVG</source>
        <translation>차트를 SVG로 저장</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="147" />
        <source>Acts by year</source>
        <translation>연도별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="148" />
        <source>Acts by province</source>
        <translation>도별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="149" />
        <source>Acts by facility type</source>
        <translation>시설 유형별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="150" />
        <source>Acts by violation</source>
        <translation>침해 유형별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="155" />
        <source>No acts match the filters.</source>
        <translation>필터에 맞는 행위가 없습니다.</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="168" />
        <source>Save chart</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="169" />
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="169" />
        <source>SVG image (*.svg)</source>
        <translation>SVG 이미지 (*.svg)</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <location filename="../archive/imports.py" line="117" />
        <location filename="../archive/imports.py" line="181" />
        <source>No archive key chosen.</source>
        <translation>보관소 키를 고르지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="118" />
        <source>Choose archive &amp;key…</source>
        <translation>보관소 키 고르기(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="119" />
        <source>Choose the archive's age identity file</source>
        <translation>보관소의 age 신원 파일 고르기</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="121" />
        <source>&amp;Import bundles…</source>
        <translation>번들 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="122" />
        <location filename="../archive/imports.py" line="185" />
        <source>Import bundles</source>
        <translation>번들 가져오기</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="124" />
        <source>Or drop bundle files here. Several can be imported at once.</source>
        <translation>또는 번들 파일을 여기에 끌어다 놓으세요. 여러 개를 한 번에 가져올 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="127" />
        <source>Import progress</source>
        <translation>가져오기 진행</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="129" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="158" />
        <source>%1 is not an age identity file.</source>
        <translation>%1은(는) age 신원 파일이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="162" />
        <source>Archive key: %1</source>
        <translation>보관소 키: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="169" />
        <source>Choose the archive's age key</source>
        <translation>보관소의 age 키 고르기</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="186" />
        <source>Bundles (*.age *.bundle);;All files (*)</source>
        <translation>번들 (*.age *.bundle);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="238" />
        <source>Import stopped: %1</source>
        <translation>가져오기 중단: %1</translation>
    </message>
</context>
<context>
    <name>PatternsPanel</name>
    <message>
        <location filename="../archive/charts.py" line="204" />
        <source>Facility</source>
        <translation>시설</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="204" />
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="204" />
        <source>Province</source>
        <translation>도</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="204" />
        <source>Testimonies</source>
        <translation>증언 수</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="205" />
        <source>Acts</source>
        <translation>행위 수</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="206" />
        <source>Facilities and the testimonies that mention them</source>
        <translation>시설과 그 시설을 언급한 증언</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="215" />
        <source>Facilities</source>
        <translation>시설</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="226" />
        <source>%1 records, %2 incidents, %3 acts match the filters.</source>
        <translation>필터에 맞는 기록 %1건, 사건 %2건, 행위 %3건.</translation>
    </message>
</context>
<context>
    <name>RecordReview</name>
    <message>
        <location filename="../archive/review.py" line="89" />
        <source>Record %1 (%2): %3 sealed versions</source>
        <translation>기록 %1 (%2): 봉인된 판 %3개</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="94" />
        <source>&amp;History</source>
        <translation>이력(&amp;H)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="95" />
        <source>&amp;Provenance</source>
        <translation>출처(&amp;P)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="96" />
        <source>&amp;Attachments</source>
        <translation>첨부파일(&amp;A)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="97" />
        <source>&amp;Statement</source>
        <translation>진술서(&amp;S)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="108" />
        <source>Sealed versions</source>
        <translation>봉인된 판</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="110" />
        <source>Version %1, sealed %2</source>
        <translation>%1판, %2 봉인</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="132" />
        <source>Version hash: %1</source>
        <translation>판 해시: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="133" />
        <source>Previous version: %1</source>
        <translation>이전 판: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="134" />
        <source>Sealed by: %1</source>
        <translation>봉인한 사람: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="137" />
        <source>Protected answers withheld (redacted profile).</source>
        <translation>보호 대상 답변은 빠져 있습니다 (가림 프로필).</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="143" />
        <source>The first sealed version.</source>
        <translation>처음 봉인된 판입니다.</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="146" />
        <source>%1 differences from version %2 to version %3.</source>
        <translation>%2판에서 %3판으로 바뀐 곳 %1개.</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="150" />
        <source>Field</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="150" />
        <location filename="../archive/review.py" line="151" />
        <source>Version %1</source>
        <translation>%1판</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="157" />
        <source>Bundle</source>
        <translation>번들</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="157" />
        <location filename="../archive/review.py" line="175" />
        <source>Detail</source>
        <translation>세부</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="158" />
        <source>Bundles this record came in</source>
        <translation>이 기록이 들어 있던 번들</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="164" />
        <source>Exported by</source>
        <translation>내보낸 사람</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="165" />
        <source>Exporter key</source>
        <translation>내보낸 사람의 키</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="166" />
        <source>Created</source>
        <translation>만든 때</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="167" />
        <source>Imported</source>
        <translation>가져온 때</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="175" />
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="175" />
        <source>Action</source>
        <translation>행위</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="175" />
        <source>Object</source>
        <translation>대상</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="176" />
        <source>Custody log</source>
        <translation>보관 기록</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="188" />
        <source>Custody</source>
        <translation>보관 이력</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="197" />
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="197" />
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="197" />
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="197" />
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="198" />
        <source>Attachments</source>
        <translation>첨부파일</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="210" />
        <source>&amp;Open signed statement</source>
        <translation>서명된 진술서 열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="211" />
        <source>Open the signed PDF statement</source>
        <translation>서명된 PDF 진술서 열기</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="213" />
        <source>The statement is read from its bundle into memory and checked against the manifest verified at import.</source>
        <translation>진술서는 번들에서 메모리로만 읽고, 가져올 때 검증한 목록과 대조합니다.</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="231" />
        <source>Choose the bundle this record came in</source>
        <translation>이 기록이 들어 있던 번들 고르기</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="235" />
        <source>Choose the archive key and the bundle file first (Import tab).</source>
        <translation>먼저 보관소 키와 번들 파일을 고르세요 (가져오기 탭).</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="249" />
        <source>Signed statement from bundle %1: %2 pages.</source>
        <translation>번들 %1의 서명된 진술서: %2쪽.</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="256" />
        <source>The statement could not be opened: %1</source>
        <translation>진술서를 열 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>ReportCard</name>
    <message>
        <location filename="../archive/imports.py" line="41" />
        <source>✔ Imported: %1</source>
        <translation>✔ 가져옴: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="43" />
        <source>✘ Not imported: %1</source>
        <translation>✘ 가져오지 않음: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="47" />
        <source>Nothing from this bundle was imported.</source>
        <translation>이 번들에서는 아무것도 가져오지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="53" />
        <source>Bundle: %1</source>
        <translation>번들: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="54" />
        <source>Signed by: %1</source>
        <translation>서명한 사람: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="55" />
        <source>Key: %1</source>
        <translation>키: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="58" />
        <source>✔ Key pinned as %1</source>
        <translation>✔ %1(으)로 고정된 키</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="60" />
        <source>⚠ Key not pinned: confirm the fingerprint with the interviewer</source>
        <translation>⚠ 고정되지 않은 키: 면담자와 지문을 확인하세요</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="65" />
        <source>%1 records, %2 sealed versions, %3 attachments</source>
        <translation>기록 %1건, 봉인된 판 %2개, 첨부파일 %3개</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="81" />
        <source>Opened with this archive's key</source>
        <translation>이 보관소의 키로 열림</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="82" />
        <source>Manifest signed by the exporter</source>
        <translation>내보낸 사람이 목록에 서명함</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="83" />
        <source>Every file matches its SHA-256 in the manifest</source>
        <translation>모든 파일이 목록의 SHA-256과 일치함</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="84" />
        <source>Sealed versions: signatures and chain</source>
        <translation>봉인된 판: 서명과 연결</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="85" />
        <source>Records match their form</source>
        <translation>기록이 양식에 맞음</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="86" />
        <source>Signed PDF statements</source>
        <translation>서명된 PDF 진술서</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="87" />
        <source>Custody log</source>
        <translation>보관 기록</translation>
    </message>
</context>
<context>
    <name>StatementView</name>
    <message>
        <location filename="../archive/review.py" line="51" />
        <source>Signed statement</source>
        <extracomment>Detail keys of custody entries worth showing (ids, hashes, counts; never testimony).</extracomment>
        <translation>서명된 진술서</translation>
    </message>
</context>
<context>
    <name>TrustDialog</name>
    <message>
        <location filename="../archive/trust.py" line="32" />
        <source>Pin an interviewer's key</source>
        <translation>면담자의 키 고정</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="37" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="37" />
        <source>Organisation</source>
        <translation>기관</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="38" />
        <source>Fingerprint</source>
        <translation>지문</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="41" />
        <source>Compare the fingerprint with the interviewer in person or by a channel you trust.</source>
        <translation>지문은 면담자와 직접 또는 믿을 수 있는 경로로 대조하세요.</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="43" />
        <source>&amp;Name</source>
        <translation>이름(&amp;N)</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="44" />
        <source>&amp;Organisation</source>
        <translation>기관(&amp;O)</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="45" />
        <source>&amp;Fingerprint</source>
        <translation>지문(&amp;F)</translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message>
        <location filename="../archive/trust.py" line="63" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="63" />
        <source>Organisation</source>
        <translation>기관</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="63" />
        <source>Fingerprint</source>
        <translation>지문</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="64" />
        <source>First bundle</source>
        <translation>첫 번들</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="64" />
        <source>Last bundle</source>
        <translation>마지막 번들</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="64" />
        <source>Bundles</source>
        <translation>번들 수</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="65" />
        <source>Pinned interviewer keys</source>
        <translation>고정된 면담자 키</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="69" />
        <source>&amp;Pin a key…</source>
        <translation>키 고정(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="70" />
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="119" />
        <source>Remove pinned keys</source>
        <translation>고정된 키 제거</translation>
    </message>
    <message numerus="yes">
        <location filename="../archive/trust.py" line="120" />
        <source>Stop trusting %n key(s)? Records already imported stay.</source>
        <translation><numerusform>키 %n개를 더 이상 신뢰하지 않을까요? 이미 가져온 기록은 남습니다.</numerusform></translation>
    </message>
</context>
</TS>