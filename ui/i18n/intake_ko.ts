<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ArchiveWorkspace</name>
    <message>
        <source>Facilities and units</source>
        <translation>시설과 가해 단위</translation>
    </message>
    <message>
        <location filename="../archive/__init__.py" line="54"/>
        <source>&amp;Archive workspace</source>
        <translation>기록 보관소 작업 공간(&amp;A)</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="58"/>
        <source>Open a record to review its history, provenance, attachments and signed statement.</source>
        <translation>기록을 열어 이력, 입수 경위, 첨부 파일, 서명된 진술서를 검토하세요.</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="72"/>
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="73"/>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="74"/>
        <source>Patterns</source>
        <translation>경향</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="75"/>
        <source>Trusted keys</source>
        <translation>신뢰하는 키</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="78"/>
        <source>Export &amp;incidents (CSV)…</source>
        <translation>사건 내보내기(CSV)(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="79"/>
        <source>The filtered incidents, one row per act, for analysis or HURIDOCS Uwazi</source>
        <translation>필터된 사건을 행위마다 한 줄씩, 분석이나 HURIDOCS Uwazi용으로</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="81"/>
        <source>Export evidence &amp;register (CSV)…</source>
        <translation>증거 목록 내보내기(CSV)(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="86"/>
        <source>&lt;b&gt;Archive&lt;/b&gt;</source>
        <translation>&lt;b&gt;기록 보관소&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="164"/>
        <source>Export CSV</source>
        <translation>CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="165"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="180"/>
        <source>%1 rows written to %2</source>
        <translation>%2에 %1줄을 썼습니다</translation>
    </message>
    <message>
        <location filename="../archive/workspace.py" line="207"/>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>Export &amp;testimonies (CSV)…</source>
        <translation>증언 내보내기(CSV)(&amp;T)…</translation>
    </message>
    <message>
        <source>One row per testimony, for the incidents' acts to relate to (HURIDOCS Uwazi)</source>
        <translation>증언마다 한 행: 사건의 행위를 증언에 연결합니다 (HURIDOCS Uwazi)</translation>
    </message>
</context>
<context>
    <name>AttachmentsInput</name>
    <message>
        <location filename="../fields.py" line="464"/>
        <source>No files yet: add them under Attachments.</source>
        <translation>아직 파일이 없습니다. 첨부 파일에서 추가하세요.</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../attachmentspanel.py" line="90"/>
        <source>Files in the vault</source>
        <extracomment>A job ended: (&quot;added&quot; | &quot;extracted&quot; | &quot;cancelled&quot; | &quot;failed&quot;, attachment id or &quot;&quot;).</extracomment>
        <translation>보관함의 파일</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="94"/>
        <source>Add files with the button or drop them here; each is encrypted as it is read.</source>
        <translation>버튼으로 파일을 추가하거나 여기에 끌어다 놓으세요. 읽는 즉시 암호화됩니다.</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="101"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="101"/>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="101"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="101"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="103"/>
        <source>Files of this record</source>
        <translation>이 기록의 파일</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="111"/>
        <source>&amp;Add files…</source>
        <translation>파일 추가(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="113"/>
        <source>E&amp;xtract a copy…</source>
        <translation>사본 꺼내기(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="116"/>
        <source>Progress</source>
        <translation>진행</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="118"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="124"/>
        <source>Preview</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="155"/>
        <source>%1 bytes</source>
        <translation>%1바이트</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="179"/>
        <source>Add files to this record</source>
        <translation>이 기록에 파일 추가</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="194"/>
        <source>Adding %1…</source>
        <translation>%1 추가 중…</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="218"/>
        <source>Added %1.</source>
        <translation>%1 추가됨.</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="229"/>
        <source>Cancelled; nothing of that file was kept.</source>
        <translation>취소했습니다. 그 파일은 전혀 남지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="244"/>
        <location filename="../attachmentspanel.py" line="245"/>
        <source>Not done: %1</source>
        <translation>완료되지 않음: %1</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="271"/>
        <source>No preview for this type of file.</source>
        <translation>이 종류의 파일은 미리 볼 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="274"/>
        <source>Too large to preview here.</source>
        <translation>너무 커서 여기서 미리 볼 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="276"/>
        <source>Decrypting for the preview…</source>
        <translation>미리 보기를 위해 복호화 중…</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="289"/>
        <source>This image cannot be shown.</source>
        <translation>이 이미지를 표시할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="305"/>
        <source>Extract a copy</source>
        <translation>사본 꺼내기</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="310"/>
        <source>Unencrypted copy</source>
        <translation>암호화되지 않은 사본</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="312"/>
        <source>The copy written to %1 will NOT be encrypted: anyone with access to that place can read it. Extract anyway?</source>
        <translation>%1에 쓰는 사본은 암호화되지 않습니다. 그 위치에 접근할 수 있는 누구나 읽을 수 있습니다. 그래도 꺼낼까요?</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="324"/>
        <source>Extracting…</source>
        <translation>꺼내는 중…</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py" line="339"/>
        <source>Extracted an unencrypted copy.</source>
        <translation>암호화되지 않은 사본을 꺼냈습니다.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>파일 종류</translation>
    </message>
    <message>
        <source>Kind of the selected file</source>
        <translation>고른 파일의 종류</translation>
    </message>
    <message>
        <location filename="../attachmentspanel.py"/>
        <source>The preview failed: %1</source>
        <translation>미리 보기에 실패했습니다: %1</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <location filename="../archive/charts.py" line="131"/>
        <source>Save as PNG…</source>
        <translation>PNG로 저장…</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="132"/>
        <source>Save as SVG…</source>
        <translation>SVG로 저장…</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="135"/>
        <source>Save chart as PNG</source>
        <translation>차트를 PNG로 저장</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="136"/>
        <source>Save chart as SVG</source>
        <translation>차트를 SVG로 저장</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="147"/>
        <source>Acts by year</source>
        <translation>연도별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="148"/>
        <source>Acts by province</source>
        <translation>도별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="149"/>
        <source>Acts by facility type</source>
        <translation>시설 유형별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="150"/>
        <source>Acts by violation</source>
        <translation>침해 유형별 행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="155"/>
        <source>No acts match the filters.</source>
        <translation>필터에 맞는 행위가 없습니다.</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="169"/>
        <source>Save chart</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="170"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="170"/>
        <source>SVG image (*.svg)</source>
        <translation>SVG 이미지 (*.svg)</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="1"/>
        <source>Acts by country</source>
        <translation>국가별 행위</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <location filename="../setup_wizard.py" line="232"/>
        <source>Creating the vault</source>
        <translation>보관함 만드는 중</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="234"/>
        <source>Measuring this laptop to make passphrase guessing slow, then creating keys.</source>
        <translation>암호 문구를 추측하기 어렵게 하도록 이 노트북의 성능을 측정한 뒤 키를 만듭니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="238"/>
        <source>Progress of vault creation</source>
        <translation>보관함 생성 진행</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="242"/>
        <source>Try &amp;again</source>
        <translation>다시 시도(&amp;A)</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="262"/>
        <source>Working… this takes a few seconds.</source>
        <translation>처리 중… 몇 초 걸립니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="289"/>
        <source>The vault is ready.</source>
        <translation>보관함이 준비되었습니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="301"/>
        <source>The vault could not be created: %1</source>
        <translation>보관함을 만들 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>DatePart</name>
    <message>
        <location filename="../datewidget.py" line="76"/>
        <source>Precision</source>
        <extracomment>Precision of one date, in the order the selector offers them. What the whole widget holds. Qualifiers: exact, approximate (~), uncertain (?), both (%).</extracomment>
        <translation>정밀도</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="78"/>
        <source>Exact day</source>
        <translation>정확한 날짜</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="79"/>
        <location filename="../datewidget.py" line="96"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="80"/>
        <location filename="../datewidget.py" line="104"/>
        <source>Season</source>
        <translation>계절</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="81"/>
        <location filename="../datewidget.py" line="94"/>
        <source>Year</source>
        <translation>연도</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="82"/>
        <source>Decade</source>
        <translation>연대</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="85"/>
        <source>Not known</source>
        <translation>모름</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="87"/>
        <source>Still going on</source>
        <translation>계속 중</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="102"/>
        <source>Day</source>
        <translation>일</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="106"/>
        <source>Spring</source>
        <translation>봄</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="107"/>
        <source>Summer</source>
        <translation>여름</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="108"/>
        <source>Autumn</source>
        <translation>가을</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="109"/>
        <source>Winter</source>
        <translation>겨울</translation>
    </message>
    <message>
        <source>Choose the year.</source>
        <translation>연도를 고르십시오.</translation>
    </message>
    <message>
        <source>Choose the season.</source>
        <translation>계절을 고르십시오.</translation>
    </message>
    <message>
        <source>Choose the month.</source>
        <translation>월을 고르십시오.</translation>
    </message>
    <message>
        <source>Choose the day.</source>
        <translation>일을 고르십시오.</translation>
    </message>
</context>
<context>
    <name>EntityInput</name>
    <message>
        <location filename="../fields.py" line="1"/>
        <source>New entry (not in the list)</source>
        <translation>새 항목 (목록에 없음)</translation>
    </message>
    <message>
        <location filename="../fields.py" line="1"/>
        <source>Name in Korean</source>
        <translation>한국어 이름</translation>
    </message>
    <message>
        <location filename="../fields.py" line="1"/>
        <source>Name in English</source>
        <translation>영어 이름</translation>
    </message>
</context>
<context>
    <name>SpansInput</name>
    <message>
        <location filename="../fields.py" line="1"/>
        <source>Kind of passage</source>
        <translation>구간의 종류</translation>
    </message>
    <message>
        <location filename="../fields.py" line="1"/>
        <source>Mark the selected text</source>
        <translation>선택한 글 표시</translation>
    </message>
    <message>
        <location filename="../fields.py" line="1"/>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>DateTimeInput</name>
    <message>
        <location filename="../fields.py" line="318"/>
        <source>Now</source>
        <translation>지금</translation>
    </message>
    <message>
        <location filename="../fields.py" line="319"/>
        <source>Set to the current time</source>
        <translation>현재 시각으로 설정</translation>
    </message>
    <message>
        <location filename="../fields.py" line="321"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../fields.py" line="322"/>
        <source>Clear the time</source>
        <translation>시각 지우기</translation>
    </message>
    <message>
        <source>YYYY-MM-DD HH:MM</source>
        <translation>YYYY-MM-DD HH:MM</translation>
    </message>
    <message>
        <source>Enter the date and time as 2026-03-14 09:30.</source>
        <translation>날짜와 시각을 2026-03-14 09:30 형식으로 입력하십시오.</translation>
    </message>
</context>
<context>
    <name>DateWidget</name>
    <message>
        <location filename="../datewidget.py" line="269"/>
        <source>What the witness knows</source>
        <translation>증언자가 아는 정도</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="271"/>
        <source>Not given</source>
        <translation>답하지 않음</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="272"/>
        <source>A date</source>
        <translation>날짜 하나</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="273"/>
        <source>Between two dates</source>
        <translation>두 날짜 사이</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="274"/>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="278"/>
        <source>Certainty</source>
        <translation>확실성</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="280"/>
        <source>Certain</source>
        <translation>확실함</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="281"/>
        <source>About (approximate)</source>
        <translation>대략(근사치)</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="282"/>
        <source>Not sure (uncertain)</source>
        <translation>불확실</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="283"/>
        <source>About, and not sure</source>
        <translation>대략이며 불확실</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="287"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="289"/>
        <source>Until</source>
        <translation>까지</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="290"/>
        <source>until</source>
        <translation>까지</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="364"/>
        <source>Give at least one end of the span.</source>
        <translation>기간의 시작이나 끝 중 하나는 입력하세요.</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="365"/>
        <source>The span ends before it starts.</source>
        <translation>기간의 끝이 시작보다 앞섭니다.</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="366"/>
        <source>This is not a valid date.</source>
        <translation>올바른 날짜가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="415"/>
        <source>As recorded: %1</source>
        <translation>기록된 그대로: %1</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="423"/>
        <source>No date given.</source>
        <translation>날짜가 없습니다.</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="425"/>
        <source>The date is not known.</source>
        <translation>날짜를 모릅니다.</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="427"/>
        <source>Kept as recorded: %1</source>
        <translation>기록된 그대로 보존: %1</translation>
    </message>
    <message>
        <location filename="../datewidget.py" line="454"/>
        <source>Not known</source>
        <translation>모름</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Set to today&apos;s date</source>
        <translation>오늘 날짜로 설정</translation>
    </message>
    <message>
        <source>This date is in the future.</source>
        <translation>미래의 날짜입니다.</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <location filename="../diffview.py" line="95"/>
        <source>Field</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../diffview.py" line="95"/>
        <source>Sealed version</source>
        <translation>봉인된 버전</translation>
    </message>
    <message>
        <location filename="../diffview.py" line="95"/>
        <source>Now</source>
        <translation>지금</translation>
    </message>
    <message>
        <location filename="../diffview.py" line="98"/>
        <source>Changes against the sealed version</source>
        <translation>봉인된 버전과 달라진 점</translation>
    </message>
    <message>
        <location filename="../diffview.py" line="111"/>
        <source>%1 changes against sealed version %2.</source>
        <translation>봉인된 버전 %2에 비해 %1곳이 바뀌었습니다.</translation>
    </message>
    <message>
        <location filename="../diffview.py" line="113"/>
        <source>No changes yet against sealed version %2.</source>
        <translation>봉인된 버전 %2에 비해 아직 바뀐 것이 없습니다.</translation>
    </message>
    <message>
        <source>The chosen change, whole</source>
        <translation>선택한 변경 내용 전체</translation>
    </message>
    <message>
        <source>Before:</source>
        <translation>이전:</translation>
    </message>
    <message>
        <source>After:</source>
        <translation>이후:</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py"/>
        <source>Testimony Intake</source>
        <translation>증언 기록</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The operation failed.</source>
        <translation>작업에 실패했습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This cannot be done.</source>
        <translation>이 작업은 할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>There is no vault at %1.</source>
        <translation>%1에 보관함이 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A vault already exists at %1.</source>
        <translation>%1에 이미 보관함이 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Not found: %1</source>
        <translation>찾을 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Record %1 is not an open draft: open a correction to change it.</source>
        <translation>기록 %1은(는) 열린 초안이 아닙니다. 고치려면 정정을 시작하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The record is not complete or does not match its form.</source>
        <translation>기록이 완성되지 않았거나 양식에 맞지 않습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The check found problems: nothing was changed.</source>
        <translation>검사에서 문제가 발견되었습니다. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The witness&apos;s consent does not allow this hand-over to the chosen recipients: nothing was exported.</source>
        <translation>증언자의 동의가 고른 수신자에게 전달하는 것을 허락하지 않습니다. 아무것도 내보내지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A withheld answer appears word for word in free text: mark it there as withheld. Nothing was exported.</source>
        <translation>비공개 답변이 서술 항목에 그대로 들어 있습니다. 그곳에서도 비공개로 표시하세요. 아무것도 내보내지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This vault&apos;s policy requires a supervisor&apos;s countersignature: nothing was done.</source>
        <translation>이 보관함의 정책상 감독자의 확인 서명이 필요합니다. 아무것도 하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This key is not the pinned supervisor&apos;s.</source>
        <translation>이 키는 고정된 감독자의 키가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The bundle is damaged or unsafe: nothing in it was used.</source>
        <translation>묶음이 손상되었거나 안전하지 않습니다. 묶음의 내용은 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The statement cannot be made from this record.</source>
        <translation>이 기록으로는 진술서를 만들 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The vault is locked: unlock it, then try again.</source>
        <translation>보관함이 잠겨 있습니다. 잠금을 해제한 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The passphrase is empty.</source>
        <translation>암호 문구가 비어 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A recording is in progress: stop it first.</source>
        <translation>녹음 중입니다. 먼저 녹음을 멈추세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Another program wrote to the vault meanwhile: close it and try again. Nothing was changed.</source>
        <translation>그동안 다른 프로그램이 보관함에 썼습니다. 그 프로그램을 닫고 다시 시도하세요. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The record is larger than 16 MiB: it was not saved.</source>
        <translation>기록이 16 MiB보다 큽니다. 저장하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A correction can only move record %1 to a later version of its form.</source>
        <translation>정정으로는 기록 %1의 양식을 더 나중 버전으로만 옮길 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The record is sealed: start a correction to change its attachments.</source>
        <translation>봉인된 기록입니다. 첨부 파일을 바꾸려면 정정을 시작하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Not a file: %1</source>
        <translation>파일이 아닙니다: %1</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>No microphone can be used.</source>
        <translation>쓸 수 있는 마이크가 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This vault has no recovery shares.</source>
        <translation>이 보관함에는 복구 조각이 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The image %1 is too large.</source>
        <translation>이미지 %1이(가) 너무 큽니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 is not a readable image.</source>
        <translation>%1: 읽을 수 있는 이미지가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Found no recovery share in %1.</source>
        <translation>%1에서 복구 조각을 찾지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>No supervisor is pinned in this vault: pin one first.</source>
        <translation>이 보관함에는 고정된 감독자가 없습니다. 먼저 감독자를 고정하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The supervisor must be another person than this vault&apos;s own signer.</source>
        <translation>감독자는 이 보관함의 서명자와 다른 사람이어야 합니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A supervisor is already pinned (key %1).</source>
        <translation>이미 감독자가 고정되어 있습니다(키 %1).</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A recipient&apos;s name is 1 to 100 printable characters, not a key.</source>
        <translation>수신자 이름은 키가 아니라 출력 가능한 문자 1~100자여야 합니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The key of %1 is not an age or SSH public key.</source>
        <translation>%1의 키는 age 또는 SSH 공개 키가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Choose the recipient&apos;s class.</source>
        <translation>수신자 유형을 고르세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A recipient named %1 or with that key is already registered.</source>
        <translation>이름이 %1인 수신자나 같은 키의 수신자가 이미 등록되어 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 already exists: choose another name.</source>
        <translation>%1: 이미 있습니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>There is no folder %1.</source>
        <translation>폴더 %1이(가) 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Record %1 has no sealed version to hand over.</source>
        <translation>기록 %1에는 전달할 봉인된 버전이 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This is not a usable age identity file or SSH private key.</source>
        <translation>쓸 수 있는 age 비밀 키 파일이나 SSH 개인 키가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A fingerprint is 64 hexadecimal digits.</source>
        <translation>지문은 16진수 64자리입니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A trusted signer&apos;s name is 1 to 200 printable characters.</source>
        <translation>신뢰하는 서명자의 이름은 출력 가능한 문자 1~200자여야 합니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The bundle file %1 cannot be read.</source>
        <translation>묶음 파일 %1을(를) 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 is not an age-encrypted bundle.</source>
        <translation>%1: age로 암호화된 묶음이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 is not a bundle: it holds no ZIP archive.</source>
        <translation>%1: 묶음이 아닙니다. ZIP 압축 파일이 들어 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 is not a Testimony Intake bundle.</source>
        <translation>%1: 이 프로그램의 묶음이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 uses a bundle format version this program does not support.</source>
        <translation>%1: 이 프로그램이 지원하지 않는 묶음 형식 버전입니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Encryption failed.</source>
        <translation>암호화에 실패했습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The file is damaged or not in the expected format.</source>
        <translation>파일이 손상되었거나 예상한 형식이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The key file&apos;s settings are out of bounds: it is damaged.</source>
        <translation>키 파일의 설정값이 허용 범위를 벗어났습니다. 파일이 손상되었습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Wrong passphrase.</source>
        <translation>암호 문구가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The data is damaged or was altered: it failed its integrity check.</source>
        <translation>데이터가 손상되었거나 변조되었습니다. 무결성 검사를 통과하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A signature does not verify: the data was altered or signed by another key.</source>
        <translation>서명이 확인되지 않습니다. 데이터가 변조되었거나 다른 키로 서명되었습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This key cannot open it: it was encrypted for someone else.</source>
        <translation>이 키로는 열 수 없습니다. 다른 사람에게 보내도록 암호화되었습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>취소했습니다. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Share %1 is empty.</source>
        <translation>조각 %1: 비어 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Share %1 has a word that is not in the word list: check the spelling.</source>
        <translation>조각 %1: 단어 목록에 없는 단어가 있습니다. 철자를 확인하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Share %1 is not a valid share: a word is wrong or missing.</source>
        <translation>조각 %1: 올바른 조각이 아닙니다. 틀리거나 빠진 단어가 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Share %1 is the same as share %2: give a different share.</source>
        <translation>조각 %1: %2번 조각과 같은 조각입니다. 다른 조각을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Shares %2 and %1 carry the same share number: one of them is mistyped.</source>
        <translation>%2번 조각과 %1번 조각의 조각 번호가 같습니다. 둘 중 하나가 잘못 입력되었습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Share %1 comes from a different set than share 1: all shares must come from one set.</source>
        <translation>%1번 조각은 1번 조각과 다른 세트의 조각입니다. 모든 조각은 한 세트에서 나와야 합니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Too few shares: %1 are needed, %2 given.</source>
        <translation>조각이 부족합니다. %1개가 필요한데 %2개를 입력했습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Give the shares.</source>
        <translation>조각을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Too many shares were given.</source>
        <translation>조각을 너무 많이 입력했습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>These shares do not fit together.</source>
        <translation>이 조각들은 서로 맞지 않습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A form file cannot be used (%1).</source>
        <translation>양식 파일을 쓸 수 없습니다(%1).</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This form is not installed.</source>
        <translation>이 양식은 설치되어 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>This is not a date such as 2005, 2005-03 or 2005-03-14.</source>
        <translation>날짜가 아닙니다. 예: 2005, 2005-03, 2005-03-14</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The disk is full: free some space, then try again.</source>
        <translation>디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The file or folder is not there.</source>
        <translation>파일이나 폴더가 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Permission denied.</source>
        <translation>권한이 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The file could not be read or written.</source>
        <translation>파일을 읽거나 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Interrupted.</source>
        <translation>중단되었습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>An unexpected error stopped this: please report it.</source>
        <translation>예상하지 못한 오류로 중단되었습니다. 이 오류를 알려 주세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The key file is larger than 64 KiB.</source>
        <translation>키 파일이 64 KiB보다 큽니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The key file is not UTF-8 text.</source>
        <translation>키 파일이 UTF-8 텍스트가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The file holds a secret key: ask the legal team for their public key.</source>
        <translation>이 파일에는 비밀 키가 들어 있습니다. 법률팀에 공개 키를 요청하세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The key file has a line that is not an age or SSH public key.</source>
        <translation>키 파일에 age 또는 SSH 공개 키가 아닌 줄이 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The key file lists too many keys.</source>
        <translation>키 파일에 키가 너무 많습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>The key file holds no public key.</source>
        <translation>키 파일에 공개 키가 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 is a gazetteer entry: only a spelling written freely is merged into another.</source>
        <translation>%1: 지명 사전에 있는 개체입니다. 자유롭게 쓴 표기만 다른 개체에 합칠 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>%1 already counts as %2: merge the other way.</source>
        <translation>%1: 이미 %2(으)로 셉니다. 반대 방향으로 합치세요.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>An entity cannot be kept apart from itself.</source>
        <translation>개체를 자기 자신과 구분할 수는 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A link joins acts of two different testimonies.</source>
        <translation>연결은 서로 다른 두 증언의 행위를 잇습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A link moves only to another act of one of its two testimonies.</source>
        <translation>연결은 그 두 증언 가운데 한 증언의 다른 행위로만 옮길 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A note is at most %1 characters.</source>
        <translation>메모는 최대 %1자입니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A tag is one word of at most 40 characters: %1</source>
        <translation>태그는 40자 이하의 한 단어입니다: %1</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A note has at most %1 tags.</source>
        <translation>메모 하나에 태그는 최대 %1개입니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>Record %1 has no sealed version to review.</source>
        <translation>기록 %1에는 검토할 봉인된 버전이 없습니다.</translation>
    </message>
    <message>
        <location filename="../errors.py"/>
        <source>A note needs text or a tag.</source>
        <translation>메모에는 내용이나 태그가 있어야 합니다.</translation>
    </message>
</context>
<context>
    <name>FingerprintPage</name>
    <message>
        <location filename="../setup_wizard.py" line="312"/>
        <source>Your signing fingerprint</source>
        <translation>내 서명 지문</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="315"/>
        <source>Read this out to the legal team (by phone or in person, not by e-mail). They pin it to recognise records you sign.</source>
        <translation>이 지문을 법률팀에 읽어 주세요(전화나 대면으로, 이메일은 안 됩니다). 법률팀은 이것으로 내가 서명한 기록을 확인합니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="331"/>
        <source>Signing fingerprint</source>
        <translation>서명 지문</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>The lock stopped the import.</source>
        <translation>잠금으로 가져오기가 중단되었습니다.</translation>
    </message>
    <message>
        <source>Imported: %1.</source>
        <translation>가져옴: %1.</translation>
    </message>
    <message>
        <source>None of the bundles was imported.</source>
        <translation>가져온 묶음이 없습니다.</translation>
    </message>
    <message>
        <source>Not imported: %1.</source>
        <translation>가져오지 못함: %1.</translation>
    </message>
    <message>
        <source>Every bundle was imported.</source>
        <translation>모든 묶음을 가져왔습니다.</translation>
    </message>
    <message>
        <source>Import the rest a&amp;gain</source>
        <translation>나머지 다시 가져오기(&amp;G)</translation>
    </message>
    <message>
        <source>Import again the bundles not imported</source>
        <translation>가져오지 못한 묶음 다시 가져오기</translation>
    </message>
    <message>
        <source>Refuse bundles without a valid supervisor's countersignature</source>
        <translation>유효한 감독자 확인 서명이 없는 묶음은 거부</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="116"/>
        <location filename="../archive/imports.py" line="179"/>
        <source>No archive key chosen.</source>
        <translation>기록 보관소 키를 고르지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="117"/>
        <source>Choose archive &amp;key…</source>
        <translation>보관소 키 고르기(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="118"/>
        <source>Choose the archive&apos;s age identity file</source>
        <translation>보관소의 age 비밀 키 파일 고르기</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="120"/>
        <source>&amp;Import bundles…</source>
        <translation>묶음 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="121"/>
        <location filename="../archive/imports.py" line="183"/>
        <source>Import bundles</source>
        <translation>묶음 가져오기</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="123"/>
        <source>Or drop bundle files here. Several can be imported at once.</source>
        <translation>또는 묶음 파일을 여기에 끌어다 놓으세요. 여러 개를 한꺼번에 가져올 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="126"/>
        <source>Import progress</source>
        <translation>가져오기 진행</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="128"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="157"/>
        <source>%1 is not an age identity file.</source>
        <translation>%1: age 비밀 키 파일이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="161"/>
        <source>Archive key: %1</source>
        <translation>보관소 키: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="168"/>
        <source>Choose the archive&apos;s age key</source>
        <translation>보관소의 age 키 고르기</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="184"/>
        <source>Bundles (*.age *.bundle);;All files (*)</source>
        <translation>묶음 (*.age *.bundle);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="234"/>
        <source>Import stopped: %1</source>
        <translation>가져오기 중단: %1</translation>
    </message>
</context>
<context>
    <name>IntegerInput</name>
    <message>
        <location filename="../fields.py" line="227"/>
        <source>Enter a whole number from %1 to %2.</source>
        <translation>%1에서 %2 사이의 정수를 입력하세요.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../fields.py" line="93"/>
        <source>en</source>
        <translation>ko</translation>
    </message>
</context>
<context>
    <name>LeafRow</name>
    <message>
        <location filename="../fields.py" line="598"/>
        <source>Needed before sealing</source>
        <extracomment>Items were added or removed: paths below have changed.</extracomment>
        <translation>봉인 전에 필요</translation>
    </message>
</context>
<context>
    <name>LegalKeysPage</name>
    <message>
        <location filename="../setup_wizard.py" line="346"/>
        <source>Legal team keys (optional)</source>
        <translation>법률팀 키(선택)</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="349"/>
        <source>Bundles you export are encrypted to these public keys. You can also add them later.</source>
        <translation>내보내는 묶음은 이 공개 키로 암호화됩니다. 나중에 추가해도 됩니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="353"/>
        <source>&amp;Import public keys from a file…</source>
        <translation>파일에서 공개 키 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="358"/>
        <source>Imported legal team keys</source>
        <translation>가져온 법률팀 키</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="369"/>
        <source>Legal team public keys</source>
        <translation>법률팀 공개 키</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="369"/>
        <source>Key files (*.txt *.pub *)</source>
        <translation>키 파일 (*.txt *.pub *)</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="393"/>
        <source>Not imported: %1</source>
        <translation>가져오지 못함: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../setup_wizard.py" line="395"/>
        <source>%n key(s) imported.</source>
        <translation>
            <numerusform>키 %n개를 가져왔습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose the consent class of the keys…</source>
        <translation>키의 동의 대상 수신자 유형을 고르세요…</translation>
    </message>
    <message>
        <source>Consent class of the keys in the next file</source>
        <translation>다음 파일에 든 키의 동의 대상 수신자 유형</translation>
    </message>
    <message>
        <source>Consent &amp;class of the next key file:</source>
        <translation>다음 키 파일의 동의 대상 수신자 유형(&amp;C):</translation>
    </message>
    <message>
        <source>First choose the consent class these keys belong to (who they are).</source>
        <translation>먼저 이 키가 속한 동의 대상 수신자 유형(누구의 키인지)을 고르세요.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Recovery shares…</source>
        <translation>복구 조각(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Supervisor and policy…</source>
        <translation>감독자와 정책(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="108"/>
        <location filename="../mainwindow.py" line="404"/>
        <location filename="../mainwindow.py" line="431"/>
        <source>Testimony Intake</source>
        <translation>증언 기록</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="138"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="139"/>
        <source>&amp;New interview</source>
        <translation>새 면담(&amp;N)</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="141"/>
        <source>&amp;Records</source>
        <translation>기록 목록(&amp;R)</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="144"/>
        <source>&amp;Preferences…</source>
        <translation>환경 설정(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="149"/>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="155"/>
        <source>&amp;Vault</source>
        <translation>보관함(&amp;V)</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="156"/>
        <source>&amp;Lock</source>
        <translation>잠그기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="160"/>
        <source>Emergency &amp;wipe…</source>
        <translation>긴급 파기(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="172"/>
        <source>Main toolbar</source>
        <translation>주 도구 모음</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="225"/>
        <source>Unlocked: %1</source>
        <translation>잠금 해제됨: %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="247"/>
        <source>New interview</source>
        <translation>새 면담</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="247"/>
        <source>Form:</source>
        <translation>양식:</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="255"/>
        <source>The record could not be created: %1</source>
        <translation>기록을 만들 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="267"/>
        <source>The record cannot be opened: %1</source>
        <translation>기록을 열 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="304"/>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="360"/>
        <source>Wiping…</source>
        <translation>파기 중…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="365"/>
        <source>The vault was destroyed.</source>
        <translation>보관함을 파기했습니다.</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="372"/>
        <source>The wipe failed: %1</source>
        <translation>파기에 실패했습니다: %1</translation>
    </message>
    <message>
        <source>Locked. %1</source>
        <translation>잠겼습니다. %1</translation>
    </message>
    <message>
        <source>&amp;Hand over…</source>
        <translation>전달하기(&amp;H)…</translation>
    </message>
    <message>
        <source>Legal &amp;teams…</source>
        <translation>법률팀(&amp;T)…</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>전달하기</translation>
    </message>
    <message>
        <source>Select one or more sealed records in the list first.</source>
        <translation>먼저 목록에서 봉인된 기록을 하나 이상 고르세요.</translation>
    </message>
    <message>
        <location filename="../mainwindow.py"/>
        <source>The draft was not saved: %1</source>
        <translation>초안을 저장하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>NumberInput</name>
    <message>
        <location filename="../fields.py" line="264"/>
        <source>Enter a number from %1 to %2.</source>
        <translation>%1에서 %2 사이의 수를 입력하세요.</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <location filename="../setup_wizard.py" line="133"/>
        <source>Welcome</source>
        <translation>환영합니다</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="136"/>
        <source>This laptop will keep interviews in an encrypted vault. Your name and organisation go into your signing certificate.</source>
        <translation>이 노트북은 면담 내용을 암호화된 보관함에 보관합니다. 이름과 소속 기관은 서명 인증서에 들어갑니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="142"/>
        <source>Your name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="145"/>
        <source>Organisation</source>
        <translation>소속 기관</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="147"/>
        <source>Your na&amp;me:</source>
        <translation>이름(&amp;M):</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="148"/>
        <source>&amp;Organisation:</source>
        <translation>소속 기관(&amp;O):</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <location filename="../setup_wizard.py" line="158"/>
        <location filename="../setup_wizard.py" line="163"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="159"/>
        <source>A long sentence you can remember is better than a short code.</source>
        <translation>짧은 암호보다 기억할 수 있는 긴 문장이 더 좋습니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="167"/>
        <source>Repeat the passphrase</source>
        <translation>암호 문구 다시 입력</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="172"/>
        <source>Passphrase strength</source>
        <translation>암호 문구 강도</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="178"/>
        <source>If you lose this passphrase and have made no recovery shares (offered after the vault is created), nobody can recover the records: there is no reset and no copy of the key anywhere else.</source>
        <translation>이 암호 문구를 잊었는데 복구 조각(보관함을 만든 뒤 안내합니다)도 만들지 않았다면 누구도 기록을 되살릴 수 없습니다. 재설정 방법도, 다른 곳에 보관된 키 사본도 없습니다.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="187"/>
        <source>&amp;Passphrase:</source>
        <translation>암호 문구(&amp;P):</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="188"/>
        <source>&amp;Repeat:</source>
        <translation>다시 입력(&amp;R):</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="189"/>
        <source>Strength:</source>
        <translation>강도:</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="202"/>
        <source>Very weak</source>
        <translation>매우 약함</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="203"/>
        <source>Weak</source>
        <translation>약함</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="204"/>
        <source>Fair</source>
        <translation>보통</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="205"/>
        <source>Good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="206"/>
        <source>Strong</source>
        <translation>강함</translation>
    </message>
    <message>
        <location filename="../passphrase.py" line="96"/>
        <source>Use at least %1 characters.</source>
        <translation>%1자 이상 입력하세요.</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="214"/>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 다릅니다.</translation>
    </message>
    <message>
        <source>Too easy to guess: it must be rated Good or Strong.</source>
        <translation>너무 쉽게 추측됩니다. &apos;좋음&apos; 또는 &apos;강함&apos; 등급이어야 합니다.</translation>
    </message>
</context>
<context>
    <name>PatternsPanel</name>
    <message>
        <location filename="../archive/charts.py" line="205"/>
        <source>Facility</source>
        <translation>시설</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="205"/>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="205"/>
        <source>Province</source>
        <translation>도</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="205"/>
        <source>Testimonies</source>
        <translation>증언</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="206"/>
        <source>Acts</source>
        <translation>행위</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="207"/>
        <source>Facilities and the testimonies that mention them</source>
        <translation>시설과 그 시설을 언급한 증언</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="216"/>
        <source>Facilities</source>
        <translation>시설</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="227"/>
        <source>%1 records, %2 incidents, %3 acts match the filters.</source>
        <translation>필터에 맞는 기록 %1건, 사건 %2건, 행위 %3건.</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="1"/>
        <source>Places: %1 in the DPRK, %2 outside it, %3 unknown.</source>
        <translation>장소: 북한 안 %1건, 북한 밖 %2건, 모름 %3건.</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="1"/>
        <source>Include material from interviewers whose keys are not pinned</source>
        <translation>키가 고정되지 않은 면담자의 자료 포함</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="1"/>
        <source>Counted in the charts and the CSV exports only when ticked</source>
        <translation>선택했을 때에만 차트와 CSV 내보내기에 셉니다</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="1"/>
        <source>%1 acts from keys not pinned are included.</source>
        <translation>고정되지 않은 키의 행위 %1건이 포함되었습니다.</translation>
    </message>
    <message>
        <location filename="../archive/charts.py" line="1"/>
        <source>%1 acts from keys not pinned are left out.</source>
        <translation>고정되지 않은 키의 행위 %1건이 빠졌습니다.</translation>
    </message>
</context>
<context>
    <name>PlaceholderEditor</name>
    <message>
        <location filename="../mainwindow.py" line="61"/>
        <source>Record %1</source>
        <translation>기록 %1</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Change the &amp;passphrase…</source>
        <translation>암호 문구 바꾸기(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="101"/>
        <source>Preferences</source>
        <translation>환경 설정</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="104"/>
        <source>Interface language</source>
        <translation>화면 언어</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="106"/>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="113"/>
        <source>Lock after minutes without activity</source>
        <translation>사용하지 않을 때 잠그기까지의 시간(분)</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="115"/>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="123"/>
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
    <message>
        <location filename="../preferences.py" line="124"/>
        <source>&amp;Auto-lock after:</source>
        <translation>자동 잠금(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;Microphone:</source>
        <translation>마이크(&amp;M):</translation>
    </message>
    <message>
        <source>Microphone for recordings</source>
        <translation>녹음에 쓸 마이크</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <location filename="../editor.py" line="152"/>
        <source>Save status</source>
        <translation>저장 상태</translation>
    </message>
    <message>
        <location filename="../editor.py" line="153"/>
        <source>Save now</source>
        <translation>지금 저장</translation>
    </message>
    <message>
        <location filename="../editor.py" line="156"/>
        <source>Review and &amp;seal…</source>
        <translation>검토 후 봉인(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../editor.py" line="159"/>
        <source>&amp;Correct (new version)</source>
        <translation>정정(새 버전)(&amp;C)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="162"/>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="183"/>
        <source>Sections</source>
        <translation>부분</translation>
    </message>
    <message>
        <location filename="../editor.py" line="197"/>
        <source>Needed before sealing</source>
        <translation>봉인 전에 필요</translation>
    </message>
    <message>
        <location filename="../editor.py" line="201"/>
        <source>Before sealing</source>
        <translation>봉인 전 확인</translation>
    </message>
    <message>
        <location filename="../editor.py" line="282"/>
        <source>Sealed version %1: read only. To change anything, start a correction (version %2).</source>
        <translation>봉인된 버전 %1: 읽기 전용입니다. 고치려면 정정(버전 %2)을 시작하세요.</translation>
    </message>
    <message>
        <location filename="../editor.py" line="291"/>
        <source>Correction: version %1 of a sealed record. The Changes tab shows what differs from version %2.</source>
        <translation>정정: 봉인된 기록의 버전 %1입니다. 버전 %2에서 달라진 점은 변경 사항 탭에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../editor.py" line="299"/>
        <source>Draft. Saved automatically; fields marked * are needed before sealing.</source>
        <translation>초안. 자동으로 저장됩니다. * 표시 항목은 봉인 전에 필요합니다.</translation>
    </message>
    <message>
        <location filename="../editor.py" line="311"/>
        <source>(no reference yet)</source>
        <translation>(참조 번호 없음)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="313"/>
        <source>draft</source>
        <translation>초안</translation>
    </message>
    <message>
        <location filename="../editor.py" line="314"/>
        <source>sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <location filename="../editor.py" line="315"/>
        <source>withdrawn</source>
        <translation>철회됨</translation>
    </message>
    <message>
        <location filename="../editor.py" line="318"/>
        <source>%1 · %2 · version %3 · %4</source>
        <translation>%1 · %2 · 버전 %3 · %4</translation>
    </message>
    <message>
        <location filename="../editor.py" line="534"/>
        <source>Nothing is missing: the record can be sealed.</source>
        <translation>빠진 것이 없습니다. 봉인할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../editor.py" line="539"/>
        <source>Before sealing (%1)</source>
        <translation>봉인 전 확인 (%1)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="554"/>
        <source>Changes</source>
        <translation>변경 사항</translation>
    </message>
    <message>
        <location filename="../editor.py" line="565"/>
        <source>Saving…</source>
        <translation>저장 중…</translation>
    </message>
    <message>
        <location filename="../editor.py" line="567"/>
        <source>Unsaved changes</source>
        <translation>저장되지 않은 변경</translation>
    </message>
    <message>
        <location filename="../editor.py" line="569"/>
        <source>Not saved: see the messages</source>
        <translation>저장되지 않음: 메시지를 확인하세요</translation>
    </message>
    <message>
        <location filename="../editor.py" line="571"/>
        <source>Sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <location filename="../editor.py" line="573"/>
        <source>Saved %1</source>
        <translation>%1에 저장됨</translation>
    </message>
    <message>
        <location filename="../editor.py" line="575"/>
        <source>%1 answers not valid yet: kept in the draft, see the messages</source>
        <translation>답변 %1개가 아직 올바르지 않습니다. 초안에 보관했으니 메시지를 확인하세요</translation>
    </message>
    <message>
        <source>Discard draft…</source>
        <translation>초안 버리기…</translation>
    </message>
    <message>
        <source>Throw this draft away (the custody log keeps that it existed)</source>
        <translation>이 초안을 버립니다 (관리 이력에는 초안이 있었다는 사실만 남습니다)</translation>
    </message>
    <message>
        <source>Why is the sealed version corrected?</source>
        <translation>봉인된 버전을 정정하는 이유는 무엇입니까?</translation>
    </message>
    <message>
        <source>Reason for the correction</source>
        <translation>정정 사유</translation>
    </message>
    <message>
        <source>Start the correction</source>
        <translation>정정 시작</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Interview clock:</source>
        <translation>면담 시계:</translation>
    </message>
    <message>
        <source>Interview started</source>
        <translation>면담 시작</translation>
    </message>
    <message>
        <source>Fills in the session&apos;s start with the time now</source>
        <translation>면담 시작 시각을 지금 시각으로 채웁니다</translation>
    </message>
    <message>
        <source>A break</source>
        <translation>휴식</translation>
    </message>
    <message>
        <source>Counts one more break in the session</source>
        <translation>면담 휴식 횟수를 하나 늘립니다</translation>
    </message>
    <message>
        <source>Interview ended</source>
        <translation>면담 종료</translation>
    </message>
    <message>
        <source>Fills in the session&apos;s end with the time now</source>
        <translation>면담 종료 시각을 지금 시각으로 채웁니다</translation>
    </message>
    <message>
        <source>Version history</source>
        <translation>버전 이력</translation>
    </message>
    <message>
        <source>History</source>
        <translation>이력</translation>
    </message>
    <message>
        <source>Discard the correction (version %1)? The sealed version stays as it is.</source>
        <translation>정정 중인 버전 %1의 초안을 버리시겠습니까? 봉인된 버전은 그대로 남습니다.</translation>
    </message>
    <message>
        <source>Discard this draft and its files? This cannot be undone. The custody log keeps that a draft existed, not what it said.</source>
        <translation>이 초안과 파일을 버리시겠습니까? 되돌릴 수 없습니다. 관리 이력에는 초안이 있었다는 사실만 남고 내용은 남지 않습니다.</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>초안 버리기</translation>
    </message>
    <message>
        <source>Interview clock</source>
        <translation>면담 시계</translation>
    </message>
    <message>
        <source>Replace %1 with the time now?</source>
        <translation>지금 시각으로 바꾸시겠습니까? (지금 값: %1)</translation>
    </message>
    <message>
        <source>Version %1 · sealed %2 · key %3</source>
        <translation>버전 %1 · %2 봉인 · 키 %3</translation>
    </message>
    <message>
        <source>Corrected because: %1</source>
        <translation>정정 사유: %1</translation>
    </message>
    <message>
        <source>Not sealed yet.</source>
        <translation>아직 봉인되지 않았습니다.</translation>
    </message>
    <message>
        <source>Version %1 · open correction</source>
        <translation>버전 %1 · 정정 중</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>녹음</translation>
    </message>
    <message>
        <location filename="../editor.py"/>
        <source>Not saved: %1</source>
        <translation>저장하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>RecordListView</name>
    <message>
        <location filename="../recordlist.py" line="345"/>
        <source>&amp;New interview</source>
        <translation>새 면담(&amp;N)</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="347"/>
        <source>Start a new interview (Ctrl+N)</source>
        <translation>새 면담 시작 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="351"/>
        <source>Search all records (Korean or English)…</source>
        <translation>모든 기록 검색(한국어 또는 영어)…</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="352"/>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="362"/>
        <source>Status filter</source>
        <translation>상태 필터</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="363"/>
        <source>Any status</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="364"/>
        <source>Draft</source>
        <translation>초안</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="365"/>
        <source>Sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="366"/>
        <source>Exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="367"/>
        <source>Withdrawn</source>
        <translation>철회됨</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="368"/>
        <source>Violation filter</source>
        <translation>침해 유형 필터</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="369"/>
        <source>Any violation</source>
        <translation>모든 침해 유형</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="371"/>
        <source>Province filter</source>
        <translation>도 필터</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="372"/>
        <source>Any province</source>
        <translation>모든 도</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="374"/>
        <source>Fro&amp;m</source>
        <translation>시작(&amp;M)</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="376"/>
        <source>Incidents from</source>
        <translation>사건 시작일</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="377"/>
        <source>&amp;To</source>
        <translation>끝(&amp;T)</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="379"/>
        <source>Incidents until</source>
        <translation>사건 종료일</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="389"/>
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="408"/>
        <source>Search results</source>
        <translation>검색 결과</translation>
    </message>
    <message numerus="yes">
        <location filename="../recordlist.py" line="523"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>기록 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="552"/>
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="577"/>
        <source>Show more results…</source>
        <translation>결과 더 보기…</translation>
    </message>
    <message numerus="yes">
        <location filename="../recordlist.py" line="583"/>
        <source>%n record(s) found</source>
        <translation>
            <numerusform>기록 %n건을 찾았습니다</numerusform>
        </translation>
    </message>
    <message>
        <source>Hand &amp;over…</source>
        <translation>전달하기(&amp;O)…</translation>
    </message>
    <message>
        <source>Hand the selected sealed records over to a legal team (Ctrl+Shift+H)</source>
        <translation>고른 봉인된 기록을 법률팀에 전달합니다 (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <location filename="../recordlist.py"/>
        <source>The search failed: %1</source>
        <translation>검색에 실패했습니다: %1</translation>
    </message>
</context>
<context>
    <name>RecordReview</name>
    <message numerus="yes">
        <location filename="../archive/review.py" line="86"/>
        <source>Record %1 (%2): %n sealed version(s)</source>
        <translation>
            <numerusform>기록 %1 (%2): 봉인된 버전 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="91"/>
        <source>&amp;History</source>
        <translation>이력(&amp;H)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="92"/>
        <source>&amp;Provenance</source>
        <translation>입수 경위(&amp;P)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="93"/>
        <source>&amp;Attachments</source>
        <translation>첨부 파일(&amp;A)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="95"/>
        <source>&amp;Statement</source>
        <translation>진술서(&amp;S)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="107"/>
        <source>Sealed versions</source>
        <translation>봉인된 버전</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="109"/>
        <source>Version %1, sealed %2</source>
        <translation>버전 %1, %2에 봉인</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="131"/>
        <source>Version hash: %1</source>
        <translation>버전 해시: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="132"/>
        <source>Previous version: %1</source>
        <translation>이전 버전: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="133"/>
        <source>Sealed by: %1</source>
        <translation>봉인한 사람: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="136"/>
        <source>Protected answers withheld (redacted profile).</source>
        <translation>보호 대상 답변은 제외됨(가림 처리본).</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="142"/>
        <source>The first sealed version.</source>
        <translation>첫 번째 봉인된 판입니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../archive/review.py" line="145"/>
        <source>%n difference(s) from version %1 to version %2.</source>
        <translation>
            <numerusform>버전 %1에서 버전 %2까지 차이 %n곳.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="149"/>
        <source>Field</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="149"/>
        <location filename="../archive/review.py" line="150"/>
        <source>Version %1</source>
        <translation>버전 %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="156"/>
        <source>Bundle</source>
        <translation>묶음</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="156"/>
        <location filename="../archive/review.py" line="174"/>
        <source>Detail</source>
        <translation>세부 내용</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="157"/>
        <location filename="../archive/review.py" line="211"/>
        <source>Bundles this record came in</source>
        <translation>이 기록이 들어 있던 묶음</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="163"/>
        <source>Exported by</source>
        <translation>내보낸 사람</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="164"/>
        <source>Exporter key</source>
        <translation>내보낸 사람의 키</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="165"/>
        <source>Created</source>
        <translation>만든 때</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="166"/>
        <source>Imported</source>
        <translation>가져온 때</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="174"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="174"/>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="174"/>
        <source>Object</source>
        <translation>대상</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="175"/>
        <source>Custody log</source>
        <translation>관리 이력</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="187"/>
        <source>Custody</source>
        <translation>관리 이력</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="196"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="196"/>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="196"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="196"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="197"/>
        <source>Attachments</source>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="218"/>
        <source>&amp;Open signed statement</source>
        <translation>서명된 진술서 열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="219"/>
        <source>Open the signed PDF statement</source>
        <translation>서명된 PDF 진술서 열기</translation>
    </message>
    <message>
        <source>The statement is read from its bundle into memory and checked against the manifest verified at import.</source>
        <translation type="vanished">진술서는 묶음에서 메모리로만 읽으며, 가져올 때 검증한 목록과 대조합니다.</translation>
    </message>
    <message>
        <source>Choose the bundle this record came in</source>
        <translation type="vanished">이 기록이 들어 있던 묶음 고르기</translation>
    </message>
    <message>
        <source>Choose the archive key and the bundle file first (Import tab).</source>
        <translation type="vanished">먼저 보관소 키와 묶음 파일을 고르세요(가져오기 탭).</translation>
    </message>
    <message numerus="yes">
        <location filename="../archive/review.py" line="273"/>
        <source>Signed statement from bundle %1: %n page(s).</source>
        <translation>
            <numerusform>묶음 %1의 서명된 진술서: %n쪽.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="265"/>
        <source>The statement could not be opened: %1</source>
        <translation>진술서를 열 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="1"/>
        <source>Interviewer: %1</source>
        <translation>면담자: %1</translation>
    </message>
    <message>
        <location filename="../archive/review.py" line="1"/>
        <source>Its key is not pinned in this archive: its material is left out of the charts and exports unless included.</source>
        <translation>이 면담자의 키는 이 보관소에 고정되어 있지 않습니다. 포함하도록 선택하지 않으면 그 자료는 차트와 내보내기에서 빠집니다.</translation>
    </message>
    <message>
        <source>A&amp;cts</source>
        <translation>행위(&amp;C)</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../recordlist.py" line="116"/>
        <source>Reference</source>
        <translation>참조 번호</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="117"/>
        <source>Pseudonym</source>
        <translation>가명</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="118"/>
        <source>Interview date</source>
        <translation>면담 날짜</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="119"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="120"/>
        <source>Incidents</source>
        <translation>사건</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="121"/>
        <source>Form</source>
        <translation>양식</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="124"/>
        <source>draft</source>
        <translation>초안</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="125"/>
        <source>sealed</source>
        <translation>봉인됨</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="126"/>
        <source>exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="127"/>
        <source>withdrawn</source>
        <translation>철회됨</translation>
    </message>
    <message>
        <location filename="../recordlist.py" line="1"/>
        <source>Interviewer</source>
        <translation>면담자</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>아는 경위</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>신뢰도</translation>
    </message>
    <message>
        <location filename="../recordlist.py"/>
        <source>The list could not be read: %1</source>
        <translation>목록을 읽을 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>RepeatItem</name>
    <message>
        <location filename="../fields.py" line="786"/>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../fields.py" line="800"/>
        <source>Remove %1</source>
        <translation>%1 삭제</translation>
    </message>
    <message>
        <location filename="../fields.py" line="1222"/>
        <source>Fold %1</source>
        <translation>%1 접기</translation>
    </message>
    <message>
        <location filename="../fields.py" line="1222"/>
        <source>Unfold %1</source>
        <translation>%1 펼치기</translation>
    </message>
</context>
<context>
    <name>RepeatNode</name>
    <message>
        <location filename="../fields.py" line="815"/>
        <source>Add: %1</source>
        <translation>추가: %1</translation>
    </message>
    <message>
        <location filename="../fields.py" line="816"/>
        <source>Add an entry to %1</source>
        <translation>%1에 항목 추가</translation>
    </message>
    <message>
        <location filename="../fields.py" line="855"/>
        <source>Remove entry</source>
        <translation>항목 삭제</translation>
    </message>
    <message>
        <location filename="../fields.py" line="856"/>
        <source>Remove %1 and everything in it?</source>
        <translation>%1과(와) 그 안의 내용을 모두 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>ReportCard</name>
    <message>
        <source>✔ Key pinned now: you confirmed its fingerprint</source>
        <translation>✔ 방금 고정된 키: 지문을 확인하셨습니다</translation>
    </message>
    <message>
        <source>Countersigned by the supervisor %1 (key %2)</source>
        <translation>감독자 %1의 확인 서명 (키 %2)</translation>
    </message>
    <message>
        <source>No supervisor's countersignature</source>
        <translation>감독자 확인 서명 없음</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="41"/>
        <source>✔ Imported: %1</source>
        <translation>✔ 가져옴: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="43"/>
        <source>✘ Not imported: %1</source>
        <translation>✘ 가져오지 못함: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="47"/>
        <source>Nothing from this bundle was imported.</source>
        <translation>이 묶음에서는 아무것도 가져오지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="53"/>
        <source>Bundle: %1</source>
        <translation>묶음: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="54"/>
        <source>Signed by: %1</source>
        <translation>서명자: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="55"/>
        <source>Key: %1</source>
        <translation>키: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="58"/>
        <source>✔ Key pinned as %1</source>
        <translation>✔ %1(으)로 고정된 키</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="60"/>
        <source>⚠ Key not pinned: confirm the fingerprint with the interviewer</source>
        <translation>⚠ 고정되지 않은 키: 면담자와 지문을 확인하세요</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="81"/>
        <source>Opened with this archive&apos;s key</source>
        <translation>이 보관소의 키로 열림</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="82"/>
        <source>Manifest signed by the exporter</source>
        <translation>내보낸 사람이 서명한 목록</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="83"/>
        <source>Every file matches its SHA-256 in the manifest</source>
        <translation>모든 파일이 목록에 적힌 SHA-256 값과 일치</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="84"/>
        <source>Sealed versions: signatures and chain</source>
        <translation>봉인된 버전: 서명과 연결</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="85"/>
        <source>Records match their form</source>
        <translation>기록이 양식에 맞음</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="86"/>
        <source>Signed PDF statements</source>
        <translation>서명된 PDF 진술서</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="87"/>
        <source>Custody log</source>
        <translation>관리 이력</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="1"/>
        <source>✔ Already in the archive: %1</source>
        <translation>✔ 이미 보관소에 있음: %1</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="1"/>
        <source>The bundle holds %1 records, %2 sealed versions, %3 attachments</source>
        <translation>꾸러미 내용: 기록 %1건, 봉인된 버전 %2개, 첨부 파일 %3개</translation>
    </message>
    <message>
        <location filename="../archive/imports.py" line="1"/>
        <source>The bundle file is damaged or incomplete (not a key problem): ask for a new copy</source>
        <translation>꾸러미 파일이 손상되었거나 불완전합니다 (키 문제가 아님): 새 사본을 요청하세요</translation>
    </message>
</context>
<context>
    <name>SealReview</name>
    <message>
        <source>Not sealed: the supervisor did not countersign.</source>
        <translation>봉인하지 않았습니다: 감독자가 확인 서명하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="51"/>
        <source>Review before sealing</source>
        <translation>봉인 전 검토</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="56"/>
        <source>Missing before sealing</source>
        <translation>봉인 전에 빠진 것</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="59"/>
        <source>What this correction changes</source>
        <translation>이 정정으로 바뀌는 것</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="64"/>
        <source>Confirm sealing</source>
        <translation>봉인 확인</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="66"/>
        <source>Seal and si&amp;gn</source>
        <translation>봉인하고 서명(&amp;G)</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="68"/>
        <source>&amp;Back to the record</source>
        <translation>기록으로 돌아가기(&amp;B)</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="103"/>
        <source>Reference code</source>
        <translation>참조 번호</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="104"/>
        <source>Pseudonym</source>
        <translation>가명</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="105"/>
        <source>Interview date</source>
        <translation>면담 날짜</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="106"/>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="107"/>
        <source>Incidents</source>
        <translation>사건</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="108"/>
        <source>Acts</source>
        <translation>행위</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="109"/>
        <source>Statement</source>
        <translation>진술</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="109"/>
        <source>%1 characters</source>
        <translation>%1자</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="111"/>
        <source>Files</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="114"/>
        <source>Signed by</source>
        <translation>서명자</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="128"/>
        <source>%1 items are missing or wrong. Sealing is possible once they are fixed; activate an item to go to it.</source>
        <translation>%1개 항목이 빠졌거나 잘못되었습니다. 고치면 봉인할 수 있습니다. 항목을 선택하면 해당 위치로 갑니다.</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="132"/>
        <source>Nothing is missing.</source>
        <translation>빠진 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="138"/>
        <source>I have reviewed this record. Sealing signs version %1 with my key and it can never be changed; later changes become a new version.</source>
        <translation>이 기록을 검토했습니다. 봉인하면 버전 %1에 내 키로 서명하며 다시는 바꿀 수 없습니다. 이후 변경은 새 버전이 됩니다.</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="173"/>
        <source>Sealing and signing…</source>
        <translation>봉인하고 서명하는 중…</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="183"/>
        <source>Sealed version %1.</source>
        <translation>버전 %1: 봉인했습니다.</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="190"/>
        <source>Not sealed: the record is not complete.</source>
        <translation>봉인하지 못함: 기록이 완성되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../sealreview.py" line="192"/>
        <source>Not sealed: %1</source>
        <translation>봉인하지 못함: %1</translation>
    </message>
    <message>
        <source>What will be signed</source>
        <translation>서명될 내용</translation>
    </message>
    <message>
        <source>&amp;Read back…</source>
        <translation>확인 낭독(&amp;R)…</translation>
    </message>
    <message>
        <source>The statement on paper in the witness&apos;s language, marked as a draft</source>
        <translation>증언자의 언어로 된 진술서를 초안 표시와 함께 종이로 봅니다</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../setup_wizard.py" line="414"/>
        <source>Set up Testimony Intake</source>
        <translation>증언 기록 설정</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="430"/>
        <source>&amp;Create the vault</source>
        <translation>보관함 만들기(&amp;C)</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="431"/>
        <source>&amp;Next &gt;</source>
        <translation>다음(&amp;N) &gt;</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="432"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 이전(&amp;B)</translation>
    </message>
    <message>
        <location filename="../setup_wizard.py" line="433"/>
        <source>Fi&amp;nish</source>
        <translation>마침(&amp;N)</translation>
    </message>
</context>
<context>
    <name>StatementView</name>
    <message>
        <location filename="../archive/review.py" line="50"/>
        <source>Signed statement</source>
        <extracomment>Detail keys of custody entries worth showing (ids, hashes, counts; never testimony).</extracomment>
        <translation>서명된 진술서</translation>
    </message>
</context>
<context>
    <name>TrustDialog</name>
    <message>
        <location filename="../archive/trust.py" line="32"/>
        <source>Pin an interviewer&apos;s key</source>
        <translation>면담자 키 고정</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="37"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="37"/>
        <source>Organisation</source>
        <translation>소속 기관</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="38"/>
        <source>Fingerprint</source>
        <translation>지문</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="41"/>
        <source>Compare the fingerprint with the interviewer in person or by a channel you trust.</source>
        <translation>면담자와 직접 만나거나 믿을 수 있는 경로로 지문을 비교하세요.</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="43"/>
        <source>&amp;Name</source>
        <translation>이름(&amp;N)</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="44"/>
        <source>&amp;Organisation</source>
        <translation>소속 기관(&amp;O)</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="45"/>
        <source>&amp;Fingerprint</source>
        <translation>지문(&amp;F)</translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message>
        <location filename="../archive/trust.py" line="63"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="63"/>
        <source>Organisation</source>
        <translation>소속 기관</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="63"/>
        <source>Fingerprint</source>
        <translation>지문</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="64"/>
        <source>First bundle</source>
        <translation>첫 묶음</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="64"/>
        <source>Last bundle</source>
        <translation>마지막 묶음</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="64"/>
        <source>Bundles</source>
        <translation>묶음</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="65"/>
        <source>Pinned interviewer keys</source>
        <translation>고정된 면담자 키</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="69"/>
        <source>&amp;Pin a key…</source>
        <translation>키 고정(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="70"/>
        <source>&amp;Remove</source>
        <translation>삭제(&amp;R)</translation>
    </message>
    <message>
        <location filename="../archive/trust.py" line="119"/>
        <source>Remove pinned keys</source>
        <translation>고정된 키 삭제</translation>
    </message>
    <message numerus="yes">
        <location filename="../archive/trust.py" line="120"/>
        <source>Stop trusting %n key(s)? Records already imported stay.</source>
        <translation>
            <numerusform>키 %n개를 더 이상 신뢰하지 않을까요? 이미 가져온 기록은 남습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockWidget</name>
    <message>
        <source>&amp;Forgot passphrase? Recover with shares…</source>
        <translation>암호 문구를 잊으셨나요? 복구 조각으로 복구(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="45"/>
        <source>The vault is locked</source>
        <translation>보관함이 잠겨 있습니다</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="47"/>
        <source>Vault: %1</source>
        <translation>보관함: %1</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="49"/>
        <source>&amp;Passphrase:</source>
        <translation>암호 문구(&amp;P):</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="53"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="55"/>
        <source>&amp;Unlock</source>
        <translation>잠금 해제(&amp;U)</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="60"/>
        <source>Unlocking</source>
        <translation>잠금 해제 중</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="97"/>
        <source>Unlocking…</source>
        <translation>잠금 해제 중…</translation>
    </message>
    <message numerus="yes">
        <location filename="../unlock.py" line="118"/>
        <source>Wrong passphrase. Try again in %n second(s).</source>
        <translation>
            <numerusform>암호 문구가 틀렸습니다. %n초 후에 다시 시도하세요.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../unlock.py" line="129"/>
        <source>The vault cannot be opened: %1</source>
        <translation>보관함을 열 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="144"/>
        <source>Wrong passphrase. You can try again now.</source>
        <translation>암호 문구가 틀렸습니다. 이제 다시 시도할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>VocabMultiPicker</name>
    <message>
        <location filename="../vocabpicker.py" line="176"/>
        <source>Type to add, or ▾ for all</source>
        <translation>입력해서 추가하거나 ▾로 전체 보기</translation>
    </message>
    <message>
        <location filename="../vocabpicker.py" line="180"/>
        <source>Chosen</source>
        <translation>선택됨</translation>
    </message>
    <message>
        <location filename="../vocabpicker.py" line="182"/>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../vocabpicker.py" line="183"/>
        <source>Remove the selected choice</source>
        <translation>선택한 항목 삭제</translation>
    </message>
</context>
<context>
    <name>VocabPicker</name>
    <message>
        <location filename="../vocabpicker.py" line="132"/>
        <source>Type to search, or ▾ for all</source>
        <translation>입력해서 검색하거나 ▾로 전체 보기</translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <location filename="../wipe.py" line="45"/>
        <source>Emergency wipe</source>
        <translation>긴급 파기</translation>
    </message>
    <message>
        <location filename="../wipe.py" line="47"/>
        <source>WIPE</source>
        <translation>파기</translation>
    </message>
    <message>
        <location filename="../wipe.py" line="50"/>
        <source>The vault is locked, so the number of sealed records not yet exported cannot be shown.</source>
        <translation>보관함이 잠겨 있어 아직 내보내지 않은 봉인 기록의 수를 보여 줄 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../wipe.py" line="54"/>
        <source>Every sealed record has been exported.</source>
        <translation>봉인된 기록은 모두 내보냈습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../wipe.py" line="57"/>
        <source>%n sealed record(s) have not been exported and will be lost.</source>
        <translation>
            <numerusform>봉인된 기록 %n건을 아직 내보내지 않았으며 모두 사라집니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../wipe.py" line="66"/>
        <source>This destroys the vault on this computer at once: every record, attachment and the signing key. It cannot be undone.</source>
        <translation>이 컴퓨터의 보관함을 즉시 파기합니다. 모든 기록, 첨부 파일, 서명 키가 사라지며 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../wipe.py" line="72"/>
        <source>Type %1 to confirm:</source>
        <translation>확인하려면 %1을(를) 입력하세요:</translation>
    </message>
    <message>
        <location filename="../wipe.py" line="75"/>
        <source>Confirmation word</source>
        <translation>확인 단어</translation>
    </message>
    <message>
        <location filename="../wipe.py" line="79"/>
        <source>Wipe the vault</source>
        <translation>보관함 파기</translation>
    </message>
</context>
<context>
    <name>YesNoInput</name>
    <message>
        <location filename="../fields.py" line="286"/>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../fields.py" line="286"/>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <location filename="../fields.py" line="286"/>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
</context>
<context>
    <name>_SearchBox</name>
    <message>
        <location filename="../vocabpicker.py" line="65"/>
        <source>Show all choices</source>
        <translation>모든 선택지 보기</translation>
    </message>
    <message>
        <source>Show all choices (Alt+Down)</source>
        <translation>모든 선택지 보기 (Alt+아래 화살표)</translation>
    </message>
</context>
<context>
    <name>PassphraseFeedback</name>
    <message>
        <source>Use a few words, avoid common phrases.</source>
        <translation>단어 몇 개를 쓰되 흔한 문구는 피하십시오.</translation>
    </message>
    <message>
        <source>No need for symbols, digits, or uppercase letters.</source>
        <translation>기호, 숫자, 대문자가 꼭 필요하지는 않습니다.</translation>
    </message>
    <message>
        <source>Add another word or two. Uncommon words are better.</source>
        <translation>단어를 한두 개 더 넣으십시오. 흔하지 않은 단어가 좋습니다.</translation>
    </message>
    <message>
        <source>Straight rows of keys are easy to guess.</source>
        <translation>자판에서 한 줄로 이어진 키는 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Short keyboard patterns are easy to guess.</source>
        <translation>짧은 자판 패턴은 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Use a longer keyboard pattern with more turns.</source>
        <translation>방향이 더 많이 바뀌는 긴 자판 패턴을 쓰십시오.</translation>
    </message>
    <message>
        <source>Repeats like &quot;aaa&quot; are easy to guess.</source>
        <translation>&quot;aaa&quot; 같은 반복은 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Repeats like &quot;abcabcabc&quot; are only slightly harder to guess than &quot;abc&quot;.</source>
        <translation>&quot;abcabcabc&quot; 같은 반복은 &quot;abc&quot;보다 조금 더 어려울 뿐입니다.</translation>
    </message>
    <message>
        <source>Avoid repeated words and characters.</source>
        <translation>같은 단어나 글자의 반복을 피하십시오.</translation>
    </message>
    <message>
        <source>Sequences like &quot;abc&quot; or &quot;6543&quot; are easy to guess.</source>
        <translation>&quot;abc&quot;나 &quot;6543&quot; 같은 순서는 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Avoid sequences.</source>
        <translation>연속된 순서를 피하십시오.</translation>
    </message>
    <message>
        <source>Recent years are easy to guess.</source>
        <translation>최근 연도는 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Avoid recent years.</source>
        <translation>최근 연도를 피하십시오.</translation>
    </message>
    <message>
        <source>Avoid years that are associated with you.</source>
        <translation>자신과 관련된 연도를 피하십시오.</translation>
    </message>
    <message>
        <source>Dates are often easy to guess.</source>
        <translation>날짜는 흔히 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Avoid dates and years that are associated with you.</source>
        <translation>자신과 관련된 날짜와 연도를 피하십시오.</translation>
    </message>
    <message>
        <source>This is a top-10 common password.</source>
        <translation>가장 흔한 암호 문구 10개 중 하나입니다.</translation>
    </message>
    <message>
        <source>This is a top-100 common password.</source>
        <translation>가장 흔한 암호 문구 100개 중 하나입니다.</translation>
    </message>
    <message>
        <source>This is a very common password.</source>
        <translation>매우 흔한 암호 문구입니다.</translation>
    </message>
    <message>
        <source>This is similar to a commonly used password.</source>
        <translation>흔히 쓰이는 암호 문구와 비슷합니다.</translation>
    </message>
    <message>
        <source>A word by itself is easy to guess.</source>
        <translation>단어 하나만으로는 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Names and surnames by themselves are easy to guess.</source>
        <translation>이름이나 성만으로는 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Common names and surnames are easy to guess.</source>
        <translation>흔한 이름과 성은 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Capitalization doesn&apos;t help very much.</source>
        <translation>대문자를 섞는 것은 별 도움이 되지 않습니다.</translation>
    </message>
    <message>
        <source>All-uppercase is almost as easy to guess as all-lowercase.</source>
        <translation>모두 대문자로 쓰는 것은 모두 소문자로 쓰는 것만큼 쉽게 추측됩니다.</translation>
    </message>
    <message>
        <source>Reversed words aren&apos;t much harder to guess.</source>
        <translation>단어를 거꾸로 써도 그다지 어려워지지 않습니다.</translation>
    </message>
    <message>
        <source>Predictable substitutions like &apos;@&apos; instead of &apos;a&apos; don&apos;t help very much.</source>
        <translation>&apos;a&apos; 대신 &apos;@&apos;처럼 예측하기 쉬운 바꿔 쓰기는 별 도움이 되지 않습니다.</translation>
    </message>
</context>
<context>
    <name>TextInput</name>
    <message>
        <source>Not pasted: %1 characters, this answer takes at most %2.</source>
        <translation>붙여 넣지 않았습니다: %1자이며, 이 답변은 최대 %2자까지 입력할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>ReadBack</name>
    <message>
        <source>Print the statement to read back</source>
        <translation>확인 낭독용 진술서 인쇄</translation>
    </message>
    <message>
        <source>Save the statement as a file</source>
        <translation>진술서를 파일로 저장</translation>
    </message>
    <message>
        <source>The file will hold the testimony unencrypted, outside the vault. Save it only on an encrypted disk and delete it once it is printed. Save anyway?</source>
        <translation>이 파일에는 증언이 암호화되지 않은 채 보관함 밖에 담깁니다. 암호화된 디스크에만 저장하고 인쇄한 뒤에는 지우십시오. 그래도 저장하시겠습니까?</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ReadBackDialog</name>
    <message>
        <source>Read back: %1</source>
        <translation>확인 낭독: %1</translation>
    </message>
    <message>
        <source>Pages to read back</source>
        <translation>낭독할 페이지</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>인쇄(&amp;P)…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>PDF로 저장(&amp;D)…</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
</context>
<context>
    <name>RecoverDialog</name>
    <message>
        <source>These shares do not open this vault: newer shares have been made since, and these no longer work.</source>
        <translation>이 조각으로는 보관함을 열 수 없습니다. 그 뒤에 새 조각이 만들어져 이 조각은 더 이상 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>The vault's recovery copy was altered: recovery is not possible with it.</source>
        <translation>보관함의 복구용 키 사본이 변조되었습니다. 이 사본으로는 복구할 수 없습니다.</translation>
    </message>
    <message>
        <source>Recovery failed: %1</source>
        <translation>복구하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Recover with shares</source>
        <translation>복구 조각으로 복구</translation>
    </message>
    <message>
        <source>Type the words of each share (numbers and line breaks do not matter), or read a share from a photo or scan of its QR code. Then choose a new passphrase.</source>
        <translation>각 조각의 단어를 입력하거나(번호와 줄바꿈은 상관없습니다) 조각의 QR 코드를 찍은 사진이나 스캔에서 읽어 오세요. 그다음 새 암호 문구를 정하세요.</translation>
    </message>
    <message>
        <source>&amp;Add another share</source>
        <translation>조각 추가(&amp;A)</translation>
    </message>
    <message>
        <source>New &amp;passphrase:</source>
        <translation>새 암호 문구(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>다시 입력(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation>복구(&amp;R)</translation>
    </message>
    <message>
        <source>Share %1</source>
        <translation>조각 %1</translation>
    </message>
    <message>
        <source>From an &amp;image…</source>
        <translation>이미지에서(&amp;I)…</translation>
    </message>
    <message>
        <source>Share %1:</source>
        <translation>조각 %1:</translation>
    </message>
    <message>
        <source>Photo or scan of a share</source>
        <translation>조각의 사진 또는 스캔</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>이미지 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message numerus="yes">
        <source>%n share(s) read from the image.</source>
        <translation>
            <numerusform>이미지에서 조각 %n개를 읽었습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>%n자 이상 입력하세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 다릅니다.</translation>
    </message>
    <message>
        <source>Recovering…</source>
        <translation>복구하는 중…</translation>
    </message>
</context>
<context>
    <name>CountersignDialog</name>
    <message>
        <source>Supervisor's countersignature</source>
        <translation>감독자 확인 서명</translation>
    </message>
    <message>
        <source>no supervisor is pinned</source>
        <translation>고정된 감독자가 없습니다</translation>
    </message>
    <message>
        <source>This vault's policy needs a supervisor to countersign. Supervisor: %1. Hand the laptop to them: they load their key file and type their passphrase.</source>
        <translation>이 보관함의 정책에 따라 감독자의 확인 서명이 필요합니다. 감독자: %1. 노트북을 감독자에게 건네면 감독자가 자신의 키 파일을 불러오고 암호 문구를 입력합니다.</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>선택(&amp;C)…</translation>
    </message>
    <message>
        <source>Supervisor's &amp;key file:</source>
        <translation>감독자 키 파일(&amp;K):</translation>
    </message>
    <message>
        <source>Supervisor's &amp;passphrase:</source>
        <translation>감독자 암호 문구(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Countersign</source>
        <translation>확인 서명(&amp;C)</translation>
    </message>
    <message>
        <source>Supervisor's key file</source>
        <translation>감독자 키 파일</translation>
    </message>
    <message>
        <source>Checking the supervisor's key…</source>
        <translation>감독자 키를 확인하는 중…</translation>
    </message>
    <message>
        <source>Wrong passphrase for this key file.</source>
        <translation>이 키 파일의 암호 문구가 틀렸습니다.</translation>
    </message>
    <message>
        <source>This key file is not the pinned supervisor's.</source>
        <translation>이 키 파일은 고정된 감독자의 것이 아닙니다.</translation>
    </message>
    <message>
        <source>Not a supervisor's key file: %1</source>
        <translation>감독자 키 파일이 아닙니다: %1</translation>
    </message>
    <message>
        <location filename="../countersign.py"/>
        <source>The key file cannot be read: %1</source>
        <translation>키 파일을 읽을 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source>Supervisor and policy</source>
        <translation>감독자와 정책</translation>
    </message>
    <message>
        <source>&amp;Pin a supervisor's certificate…</source>
        <translation>감독자 인증서 고정(&amp;P)…</translation>
    </message>
    <message>
        <source>Sealing a record needs the supervisor's countersignature</source>
        <translation>기록을 봉인할 때 감독자의 확인 서명 필요</translation>
    </message>
    <message>
        <source>Exporting a bundle needs the supervisor's countersignature</source>
        <translation>묶음을 내보낼 때 감독자의 확인 서명 필요</translation>
    </message>
    <message>
        <source>Archive: refuse bundles without a valid supervisor's countersignature</source>
        <translation>기록 보관소: 유효한 감독자 확인 서명이 없는 묶음은 거부</translation>
    </message>
    <message>
        <source>Supervisor: %1</source>
        <translation>감독자: %1</translation>
    </message>
    <message>
        <source>none pinned</source>
        <translation>고정된 감독자 없음</translation>
    </message>
    <message>
        <source>Supervisor's certificate</source>
        <translation>감독자 인증서</translation>
    </message>
    <message>
        <source>Not pinned: %1</source>
        <translation>고정하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>저장하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Recovery shares (recommended)</source>
        <translation>복구 조각 (권장)</translation>
    </message>
    <message>
        <source>Split a recovery key into shares for people you trust. If the passphrase is lost, enough of them together open the vault; one alone opens nothing.</source>
        <translation>복구 키를 믿을 수 있는 사람들에게 맡길 조각으로 나눕니다. 암호 문구를 잃어버리면 정해진 수의 조각을 모아 보관함을 열 수 있고, 조각 하나만으로는 아무것도 열리지 않습니다.</translation>
    </message>
    <message>
        <source>&amp;Make recovery shares…</source>
        <translation>복구 조각 만들기(&amp;M)…</translation>
    </message>
    <message>
        <source>No recovery shares yet: you can also make them later.</source>
        <translation>아직 복구 조각이 없습니다. 나중에 만들 수도 있습니다.</translation>
    </message>
    <message>
        <source>&amp;Shares:</source>
        <translation>조각 수(&amp;S):</translation>
    </message>
    <message>
        <source>Nee&amp;ded to recover:</source>
        <translation>복구에 필요한 조각 수(&amp;D):</translation>
    </message>
    <message>
        <source>Recovery shares made: any %1 of %2 open the vault.</source>
        <translation>복구 조각을 만들었습니다. 조각 %2개 중 아무 %1개로 보관함을 열 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Recovery shares</source>
        <translation>복구 조각</translation>
    </message>
    <message>
        <source>Share words</source>
        <translation>조각 단어</translation>
    </message>
    <message>
        <source>Share as a QR code</source>
        <translation>조각의 QR 코드</translation>
    </message>
    <message>
        <source>&amp;Print this sheet…</source>
        <translation>이 종이 인쇄(&amp;P)…</translation>
    </message>
    <message>
        <source>Cancel (no new shares)</source>
        <translation>취소 (새 조각 없음)</translation>
    </message>
    <message>
        <source>Share %1 of %2</source>
        <translation>조각 %2개 중 %1번째</translation>
    </message>
    <message>
        <source>Any %1 shares open the vault if the passphrase is lost. Print this sheet (or copy the words by hand) for one holder, then type two of its words to confirm. Never photograph it or keep it on this laptop.</source>
        <translation>암호 문구를 잃어버리면 아무 조각 %1개로 보관함을 열 수 있습니다. 이 종이를 인쇄해(또는 단어를 손으로 옮겨 적어) 한 사람에게 맡기고, 확인을 위해 단어 두 개를 입력하세요. 사진을 찍거나 이 노트북에 보관하지 마세요.</translation>
    </message>
    <message>
        <source>Word %1:</source>
        <translation>%1번째 단어:</translation>
    </message>
    <message>
        <source>&amp;Confirm and finish</source>
        <translation>확인하고 마치기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Confirm, next share</source>
        <translation>확인, 다음 조각(&amp;C)</translation>
    </message>
    <message>
        <source>Those words do not match this share. Look again.</source>
        <translation>입력한 단어가 이 조각과 맞지 않습니다. 다시 확인하세요.</translation>
    </message>
    <message>
        <source>The shares could not be saved: %1</source>
        <translation>조각을 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Saving a share to a file</source>
        <translation>조각을 파일로 저장</translation>
    </message>
    <message>
        <source>The file will hold this recovery share unencrypted. Anyone who copies it and enough other shares can open the vault. Print it on paper instead if you can. Save it anyway?</source>
        <translation>이 파일에는 복구 조각이 암호화되지 않은 채 저장됩니다. 이 파일과 다른 조각을 충분히 손에 넣은 사람은 보관함을 열 수 있습니다. 가능하면 종이에 인쇄하세요. 그래도 저장하시겠습니까?</translation>
    </message>
</context>
<context>
    <name>Playback</name>
    <message>
        <source>No sound output device can be used.</source>
        <translation>사용할 수 있는 소리 출력 장치가 없습니다.</translation>
    </message>
    <message>
        <source>This audio format cannot be played here.</source>
        <translation>이 오디오 형식은 여기에서 재생할 수 없습니다.</translation>
    </message>
    <message>
        <source>This recording cannot be played: %1</source>
        <translation>이 녹음을 재생할 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>RecorderPanel</name>
    <message>
        <source>&amp;Marker</source>
        <translation>표시(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>녹음(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>정지(&amp;S)</translation>
    </message>
    <message>
        <source>(interrupted: kept up to the cut)</source>
        <translation>(중단됨: 끊긴 곳까지 보존함)</translation>
    </message>
    <message>
        <source>Marker at %1 (%2).</source>
        <translation>표시함: %1 (%2).</translation>
    </message>
    <message>
        <source>Markers:</source>
        <translation>표시:</translation>
    </message>
    <message>
        <source>Markers: double-click or Enter to play from there</source>
        <translation>표시: 두 번 누르거나 Enter 키를 누르면 그 지점부터 재생합니다</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>마이크 음량</translation>
    </message>
    <message>
        <source>Not recording.</source>
        <translation>녹음하고 있지 않습니다.</translation>
    </message>
    <message>
        <source>Note this moment and the section (%1)</source>
        <translation>지금 시각과 부분을 표시합니다 (%1)</translation>
    </message>
    <message>
        <source>P&amp;ause playback</source>
        <translation>재생 일시 정지(&amp;A)</translation>
    </message>
    <message>
        <source>P&amp;lay</source>
        <translation>재생(&amp;L)</translation>
    </message>
    <message>
        <source>Paused; nothing is recorded until you resume.</source>
        <translation>일시 정지함: 다시 시작할 때까지 녹음하지 않습니다.</translation>
    </message>
    <message>
        <source>Recording from %1; encrypted as it is captured.</source>
        <translation>녹음 중 (장치: %1): 녹음하는 대로 암호화합니다.</translation>
    </message>
    <message>
        <source>Recording of the interview</source>
        <translation>면담 녹음</translation>
    </message>
    <message>
        <source>Recording saved: %1, encrypted in the vault.</source>
        <translation>녹음 저장함: %1, 보관함 안에 암호화되어 있습니다.</translation>
    </message>
    <message>
        <source>Recordings of this record</source>
        <translation>이 기록의 녹음</translation>
    </message>
    <message>
        <source>Recordings:</source>
        <translation>녹음:</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>다시 시작(&amp;U)</translation>
    </message>
    <message>
        <source>The microphone cannot be used: %1</source>
        <translation>마이크를 쓸 수 없습니다: %1</translation>
    </message>
    <message>
        <source>The recording stopped with an error (%1); what was recorded is kept at the next unlock.</source>
        <translation>녹음이 오류로 멈췄습니다 (%1). 녹음된 부분은 다음 잠금 해제 때 보존됩니다.</translation>
    </message>
    <message>
        <source>Time recorded</source>
        <translation>녹음한 시간</translation>
    </message>
    <message>
        <source>Waiting for the microphone (%1)…</source>
        <translation>마이크를 기다리는 중 (%1)…</translation>
    </message>
    <message>
        <source>No sound came from the microphone: nothing was kept.</source>
        <translation>마이크에서 소리가 들어오지 않아 아무것도 보존하지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>DestinationPage</name>
    <message>
        <source>Not written: the supervisor did not countersign.</source>
        <translation>쓰지 않았습니다: 감독자가 확인 서명하지 않았습니다.</translation>
    </message>
    <message>
        <source>Where to write the bundle</source>
        <translation>묶음을 저장할 곳</translation>
    </message>
    <message>
        <source>A removable drive if one is connected, else your documents folder.</source>
        <translation>이동식 저장 장치가 연결되어 있으면 그곳, 아니면 문서 폴더입니다.</translation>
    </message>
    <message>
        <source>&amp;Write the bundle</source>
        <translation>묶음 쓰기(&amp;W)</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>묶음 파일</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>고르기(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>파일(&amp;F):</translation>
    </message>
    <message>
        <source>age bundles (*.age)</source>
        <translation>age 묶음 (*.age)</translation>
    </message>
    <message>
        <source>That file exists already: choose another name.</source>
        <translation>같은 이름의 파일이 이미 있습니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <source>That folder does not exist.</source>
        <translation>그 폴더가 없습니다.</translation>
    </message>
</context>
<context>
    <name>HandoverHistory</name>
    <message>
        <source>Not handed over yet.</source>
        <translation>아직 전달하지 않았습니다.</translation>
    </message>
    <message>
        <source>Handed over %1 to %2 (%3, bundle %4)</source>
        <translation>전달: %1, 받는 곳 %2 (%3, 묶음 %4)</translation>
    </message>
    <message>
        <source>full</source>
        <translation>전체본</translation>
    </message>
    <message>
        <source>redacted</source>
        <translation>가림 처리본</translation>
    </message>
    <message>
        <source>Hand &amp;over…</source>
        <translation>전달하기(&amp;O)…</translation>
    </message>
</context>
<context>
    <name>HandoverWizard</name>
    <message>
        <source>Hand over to a legal team</source>
        <translation>법률팀에 전달하기</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>다음(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 이전(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>마침(&amp;D)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>LegalTeamsDialog</name>
    <message>
        <source>Legal teams</source>
        <translation>법률팀</translation>
    </message>
    <message>
        <source>Registered legal teams</source>
        <translation>등록된 법률팀</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Consent class</source>
        <translation>동의 대상 수신자 유형</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>키 지문</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>삭제(&amp;R)…</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>법률팀 이름</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>공개 키</translation>
    </message>
    <message>
        <source>age1… or ssh-ed25519 … / ssh-rsa … public key</source>
        <translation>age1… 또는 ssh-ed25519 … / ssh-rsa … 공개 키</translation>
    </message>
    <message>
        <source>Load a &amp;key file…</source>
        <translation>키 파일 불러오기(&amp;K)…</translation>
    </message>
    <message>
        <source>Choose the consent class…</source>
        <translation>동의 대상 수신자 유형을 고르세요…</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Public key:</source>
        <translation>공개 키(&amp;P):</translation>
    </message>
    <message>
        <source>Consent &amp;class:</source>
        <translation>동의 대상 수신자 유형(&amp;C):</translation>
    </message>
    <message>
        <source>Choose the consent class this key belongs to.</source>
        <translation>이 키가 속한 동의 대상 수신자 유형을 고르세요.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>추가하지 못함: %1</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>추가함: %1</translation>
    </message>
    <message>
        <source>Legal team public keys</source>
        <translation>법률팀 공개 키</translation>
    </message>
    <message>
        <source>Key files (*.txt *.pub *)</source>
        <translation>키 파일 (*.txt *.pub *)</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) added.</source>
        <translation>
            <numerusform>키 %n개를 추가했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the team to remove.</source>
        <translation>삭제할 법률팀을 고르세요.</translation>
    </message>
    <message>
        <source>Remove a legal team</source>
        <translation>법률팀 삭제</translation>
    </message>
    <message>
        <source>Remove %1? Bundles already written for it are not affected.</source>
        <translation>%1 법률팀을 삭제할까요? 이미 쓴 묶음에는 영향이 없습니다.</translation>
    </message>
    <message>
        <source>Removed: %1</source>
        <translation>삭제함: %1</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>What goes and what stays</source>
        <translation>전달되는 것과 남는 것</translation>
    </message>
    <message>
        <source>Checked against each witness&apos;s consent. Nothing is written yet.</source>
        <translation>증언자마다 동의 내용과 대조했습니다. 아직 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>Preview of the handover</source>
        <translation>전달 미리 보기</translation>
    </message>
    <message>
        <source>Record and item</source>
        <translation>기록과 항목</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>Checking consent…</source>
        <translation>동의 내용을 확인하는 중…</translation>
    </message>
    <message>
        <source>The preview failed: %1</source>
        <translation>미리 보기 실패: %1</translation>
    </message>
    <message>
        <source>REFUSED for %1 (%2)</source>
        <translation>거부됨: %1 (%2)</translation>
    </message>
    <message>
        <source>Goes to %1</source>
        <translation>전달됨: %1</translation>
    </message>
    <message>
        <source>consent granted</source>
        <translation>동의함</translation>
    </message>
    <message numerus="yes">
        <source>%n identity answer(s) withheld</source>
        <translation>
            <numerusform>신원 답변 %n개 비공개</numerusform>
        </translation>
    </message>
    <message>
        <source>the witness&apos;s identity leaves only under Full, with consent</source>
        <translation>증언자의 신원은 전체본이고 동의가 있을 때만 전달됩니다</translation>
    </message>
    <message numerus="yes">
        <source>%n name(s) of other people withheld</source>
        <translation>
            <numerusform>다른 사람의 이름 %n개 비공개</numerusform>
        </translation>
    </message>
    <message>
        <source>not every team may have names of other people</source>
        <translation>다른 사람의 이름을 받을 수 없는 법률팀이 있습니다</translation>
    </message>
    <message>
        <source>Sent redacted instead of full</source>
        <translation>전체본 대신 가림 처리본으로 전달</translation>
    </message>
    <message>
        <source>identity is not granted to every team</source>
        <translation>모든 법률팀에 신원 공개 동의가 있지는 않습니다</translation>
    </message>
    <message>
        <source>Attachment %1 (%2) withheld</source>
        <translation>첨부 %1 (%2) 비공개</translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s) go</source>
        <translation>
            <numerusform>첨부 %n개 전달</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refusal(s): consent does not allow this handover. Go back and choose other teams, or hand over without the refused records.</source>
        <translation>
            <numerusform>거부 %n건: 동의 내용상 이 전달은 할 수 없습니다. 이전으로 돌아가 다른 법률팀을 고르거나, 거부된 기록을 빼고 전달하세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every record may go to every team chosen.</source>
        <translation>모든 기록을 고른 모든 법률팀에 전달할 수 있습니다.</translation>
    </message>
    <message>
        <source>refused: nothing of it can be sent</source>
        <translation>거부됨: 이 기록은 하나도 보낼 수 없습니다</translation>
    </message>
    <message>
        <source>goes, full</source>
        <translation>전달됨, 전체본</translation>
    </message>
    <message>
        <source>goes, redacted</source>
        <translation>전달됨, 가림 처리본</translation>
    </message>
    <message>
        <source>not granted: the consent lists no such recipient</source>
        <translation>동의 없음: 동의 내용에 이 수신자가 없습니다</translation>
    </message>
    <message>
        <source>withdrawn: the witness withdrew consent</source>
        <translation>철회됨: 증언자가 동의를 철회했습니다</translation>
    </message>
    <message>
        <source>the witness said no to this kind of file</source>
        <translation>증언자가 이 종류의 파일 사용에 동의하지 않았습니다</translation>
    </message>
    <message>
        <source>withdrawn: the witness withdrew consent for this recipient</source>
        <translation>철회됨: 증언자가 이 수신자에 대한 동의를 철회했습니다</translation>
    </message>
    <message>
        <source>the witness did not agree to use before a court</source>
        <translation>증언자가 재판에서의 사용에 동의하지 않았습니다</translation>
    </message>
    <message>
        <source>the witness did not agree to its going to another country or an international body</source>
        <translation>증언자가 다른 나라나 국제기구로 보내는 데 동의하지 않았습니다</translation>
    </message>
    <message>
        <source>the witness is a minor: identity never leaves above the pseudonym (choose Redacted)</source>
        <translation>증언자가 미성년자입니다: 신원은 가명 이상으로 내보내지 않습니다 (가림 처리본을 선택하세요)</translation>
    </message>
    <message>
        <source>the witness withdrew consent for this file</source>
        <translation>증언자가 이 파일에 대한 동의를 철회했습니다</translation>
    </message>
    <message>
        <source>permission for this kind of file is unknown</source>
        <translation>이 종류의 파일 사용 동의 여부를 모릅니다</translation>
    </message>
    <message>
        <source>permission for this kind of file was not asked</source>
        <translation>이 종류의 파일 사용 동의를 묻지 않았습니다</translation>
    </message>
    <message>
        <source>belongs to the witness&apos;s withheld identity</source>
        <translation>비공개인 증언자 신원 정보에 속합니다</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Handed over</source>
        <translation>전달 완료</translation>
    </message>
    <message>
        <source>Read the fingerprint out to the legal team so they know the file is this one.</source>
        <translation>법률팀이 이 파일임을 알 수 있도록 지문을 읽어 주세요.</translation>
    </message>
    <message>
        <source>Bundle file:</source>
        <translation>묶음 파일:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>크기:</translation>
    </message>
    <message>
        <source>Records:</source>
        <translation>기록:</translation>
    </message>
    <message>
        <source>Legal teams:</source>
        <translation>법률팀:</translation>
    </message>
    <message>
        <source>SHA-256 of the file:</source>
        <translation>파일의 SHA-256:</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n바이트</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeamsPage</name>
    <message>
        <source>Who receives the records</source>
        <translation>기록을 받을 곳</translation>
    </message>
    <message>
        <source>Choose one or more legal teams and what to send. Nothing is written yet.</source>
        <translation>법률팀을 하나 이상 고르고 보낼 내용을 고르세요. 아직 아무것도 쓰지 않습니다.</translation>
    </message>
    <message>
        <source>Legal teams</source>
        <translation>법률팀</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>내보내기 프로필</translation>
    </message>
    <message>
        <source>Redacted: the witness&apos;s identity stays here</source>
        <translation>가림 처리본: 증언자의 신원은 여기에 남습니다</translation>
    </message>
    <message>
        <source>Full: identity too, where the witness agreed for every team</source>
        <translation>전체본: 증언자가 모든 법률팀에 동의한 경우 신원도 함께</translation>
    </message>
    <message>
        <source>&amp;Legal teams…</source>
        <translation>법률팀(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Teams:</source>
        <translation>법률팀(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>내보내기 프로필(&amp;P):</translation>
    </message>
</context>
<context>
    <name>WritePage</name>
    <message>
        <source>Writing the bundle</source>
        <translation>묶음을 쓰는 중</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>진행</translation>
    </message>
    <message>
        <source>&amp;Cancel writing</source>
        <translation>쓰기 취소(&amp;C)</translation>
    </message>
    <message>
        <source>Encrypting to the chosen teams…</source>
        <translation>고른 법률팀의 키로 암호화하는 중…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>취소됨: 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>Not written: %1</source>
        <translation>쓰지 못함: %1</translation>
    </message>
</context>
<context>
    <name>PinSignerDialog</name>
    <message>
        <source>&amp;Pin the key and import</source>
        <translation>키를 고정하고 가져오기(&amp;P)</translation>
    </message>
    <message>
        <source>I compared this fingerprint with the interviewer by another channel (in person or by phone)</source>
        <translation>다른 경로(직접 만나거나 전화로)로 면담자와 이 지문을 비교했습니다</translation>
    </message>
    <message>
        <source>Pinned as %1:</source>
        <translation>%1(으)로 고정됨:</translation>
    </message>
    <message>
        <source>Possible impersonation: a pinned interviewer has the same name with another key. Compare both fingerprints:</source>
        <translation>사칭 가능성: 고정된 면담자 중에 같은 이름을 가진 다른 키가 있습니다. 두 지문을 비교하세요:</translation>
    </message>
    <message>
        <source>Fingerprint of this key:</source>
        <translation>이 키의 지문:</translation>
    </message>
    <message>
        <source>Fingerprint of the new key</source>
        <translation>새 키의 지문</translation>
    </message>
    <message>
        <source>%1 is signed by a key this archive has not pinned. It claims to be: %2</source>
        <translation>%1은(는) 이 기록 보관소가 고정하지 않은 키로 서명되었습니다. 서명자가 밝힌 이름: %2</translation>
    </message>
    <message>
        <source>A key this archive has not pinned</source>
        <translation>이 기록 보관소가 고정하지 않은 키</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>아무것도 바뀌지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed.</source>
        <translation>취소했습니다. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>The current passphrase is wrong. Nothing was changed.</source>
        <translation>현재 암호 문구가 틀렸습니다. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Passphrase changed. An old copy of the key file still opens the vault with the old passphrase.</source>
        <translation>암호 문구를 바꿨습니다. 키 파일의 옛 사본은 옛 암호 문구로 여전히 보관함을 엽니다.</translation>
    </message>
    <message>
        <source>The vault key was replaced and everything re-encrypted. Old copies of the key file open nothing.</source>
        <translation>보관함 키를 교체하고 모든 내용을 다시 암호화했습니다. 키 파일의 옛 사본으로는 아무것도 열 수 없습니다.</translation>
    </message>
    <message>
        <source>Working… the vault stays locked to other changes.</source>
        <translation>작업 중… 그동안 보관함은 다른 변경을 받지 않습니다.</translation>
    </message>
    <message>
        <source>The two new passphrases differ or are empty.</source>
        <translation>새 암호 문구 두 개가 다르거나 비어 있습니다.</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>다시 입력(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;New passphrase:</source>
        <translation>새 암호 문구(&amp;N):</translation>
    </message>
    <message>
        <source>C&amp;urrent passphrase:</source>
        <translation>현재 암호 문구(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Change</source>
        <translation>바꾸기(&amp;C)</translation>
    </message>
    <message>
        <source>Re-encryption progress</source>
        <translation>다시 암호화 진행</translation>
    </message>
    <message>
        <source>Quick change: only the key file is rewritten. An old copy of the key file still opens the vault with the old passphrase</source>
        <translation>빠른 변경: 키 파일만 다시 씁니다. 키 파일의 옛 사본은 옛 암호 문구로 여전히 보관함을 엽니다</translation>
    </message>
    <message>
        <source>Also replace the vault key (recommended): everything is re-encrypted; old copies of the key file and the old passphrase open nothing afterwards</source>
        <translation>보관함 키도 교체(권장): 모든 내용을 다시 암호화합니다. 그 뒤에는 키 파일의 옛 사본과 옛 암호 문구로 아무것도 열 수 없습니다</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>새 암호 문구 다시</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>새 암호 문구</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>현재 암호 문구</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>암호 문구 바꾸기</translation>
    </message>
</context>
<context>
    <name>Interviewer</name>
    <message>
        <location filename="../archive/__init__.py" line="1"/>
        <source>NOT PINNED: key %1</source>
        <translation>고정되지 않음: 키 %1</translation>
    </message>
    <message>
        <location filename="../archive/__init__.py" line="1"/>
        <source>(claims to be %1)</source>
        <translation>(스스로 %1(이)라고 밝힘)</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>{n} missing statement(s) stored</source>
        <translation>빠졌던 서명 진술서 {n}건을 저장함</translation>
    </message>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>nothing changed</source>
        <translation>바뀐 것 없음</translation>
    </message>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>already imported: bundle {bundle}; {news}</source>
        <translation>이미 가져온 꾸러미 {bundle}: {news}</translation>
    </message>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>new record {record}</source>
        <translation>새 기록 {record}</translation>
    </message>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>new versions extend record {record}</source>
        <translation>새 버전이 기록 {record}에 이어짐</translation>
    </message>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>disclosures added: {where} (a fuller copy of the same sealed version)</source>
        <translation>공개 범위가 넓어짐: {where} (같은 봉인 버전의 더 온전한 사본)</translation>
    </message>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>{record}: this history forks from the one held; kept apart</source>
        <translation>{record}: 이 이력은 보관 중인 이력과 갈라집니다. 따로 보관함</translation>
    </message>
    <message>
        <location filename="../../intake/archive/receive.py" line="1"/>
        <source>imported bundle {bundle}: {new} new record(s), {extended} extended, {forks} fork(s), {versions} version(s), {attachments} attachment(s), {statements} signed statement(s)</source>
        <translation>꾸러미 {bundle}을(를) 가져옴: 새 기록 {new}건, 이어진 기록 {extended}건, 갈라진 이력 {forks}건, 버전 {versions}개, 첨부 파일 {attachments}개, 서명 진술서 {statements}건</translation>
    </message>
</context>
<context>
    <name>ActsTable</name>
    <message>
        <source>Act</source>
        <translation>행위</translation>
    </message>
    <message>
        <source>Acts and how each is graded</source>
        <translation>행위와 각 행위의 평가</translation>
    </message>
    <message>
        <source>Credibility</source>
        <translation>신빙성</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>시기</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>아는 경위</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>장소</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>신뢰도</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>침해 유형</translation>
    </message>
</context>
<context>
    <name>SourceFilters</name>
    <message>
        <source>Any facility</source>
        <translation>모든 시설</translation>
    </message>
    <message>
        <source>Any institution</source>
        <translation>모든 기관</translation>
    </message>
    <message>
        <source>Any interviewer</source>
        <translation>모든 면담자</translation>
    </message>
    <message>
        <source>Any knowledge</source>
        <translation>모든 아는 경위</translation>
    </message>
    <message>
        <source>Any perpetrator unit</source>
        <translation>모든 가해 단위</translation>
    </message>
    <message>
        <source>Any reliability</source>
        <translation>모든 신뢰도</translation>
    </message>
    <message>
        <source>Facility filter</source>
        <translation>시설 필터</translation>
    </message>
    <message>
        <source>Institution filter</source>
        <translation>기관 필터</translation>
    </message>
    <message>
        <source>Interviewer filter</source>
        <translation>면담자 필터</translation>
    </message>
    <message>
        <source>Knowledge filter</source>
        <translation>아는 경위 필터</translation>
    </message>
    <message>
        <source>Not pinned only</source>
        <translation>고정되지 않은 키만</translation>
    </message>
    <message>
        <source>Perpetrator unit filter</source>
        <translation>가해 단위 필터</translation>
    </message>
    <message>
        <source>Pinned key filter</source>
        <translation>고정된 키 필터</translation>
    </message>
    <message>
        <source>Pinned keys only</source>
        <translation>고정된 키만</translation>
    </message>
    <message>
        <source>Pinned or not</source>
        <translation>고정 여부 무관</translation>
    </message>
    <message>
        <source>Reliability filter</source>
        <translation>신뢰도 필터</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <source>%1: %2 x %3 pixels, shown from memory.</source>
        <translation>%1: %2 x %3 픽셀, 메모리에서 표시합니다.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>An unencrypted copy of %1 was written to %2.</source>
        <translation>%1의 암호화되지 않은 사본을 %2에 썼습니다.</translation>
    </message>
    <message>
        <source>Attachments: Enter or double-click opens one</source>
        <translation>첨부 파일: Enter 키나 두 번 클릭으로 엽니다</translation>
    </message>
    <message>
        <source>Choose an attachment and press Enter to open it.</source>
        <translation>첨부 파일을 고르고 Enter 키를 누르면 열립니다.</translation>
    </message>
    <message>
        <source>Decrypting %1 into memory…</source>
        <translation>%1 파일을 메모리로 복호화하는 중…</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Export a copy</source>
        <translation>사본 내보내기</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>파일 종류</translation>
    </message>
    <message>
        <source>Playback position: the arrow keys move 5 seconds, Page Up and Page Down 30</source>
        <translation>재생 위치: 화살표 키로 5초, Page Up과 Page Down 키로 30초씩 옮깁니다</translation>
    </message>
    <message>
        <source>Playing %1 from the vault (nothing written to disk).</source>
        <translation>보관함에서 %1 파일을 재생하는 중 (디스크에 아무것도 쓰지 않음).</translation>
    </message>
    <message>
        <source>S&amp;top playback</source>
        <translation>재생 중지(&amp;T)</translation>
    </message>
    <message>
        <source>S&amp;top playback (%1)</source>
        <translation>재생 중지(&amp;T) (%1)</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>The attachment cannot be opened: %1</source>
        <translation>첨부 파일을 열 수 없습니다: %1</translation>
    </message>
    <message>
        <source>This image cannot be shown.</source>
        <translation>이 이미지는 표시할 수 없습니다.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
</context>
<context>
    <name>EntitiesPanel</name>
    <message>
        <source>Mo&amp;ve to the new version…</source>
        <translation>새 버전으로 옮기기(&amp;V)…</translation>
    </message>
    <message>
        <source>The chosen link was made before a correction: name the act it judged in the new version</source>
        <translation>선택한 연결은 정정 전에 만든 것입니다. 새 버전에서 그 연결이 가리키는 행위를 지정하세요</translation>
    </message>
    <message>
        <source>made on version %1; the record has been corrected since (version %2)</source>
        <translation>버전 %1에서 작성함. 그 뒤 기록이 정정됨(버전 %2)</translation>
    </message>
    <message>
        <source>%1 links written to %2</source>
        <translation>연결 %1건을 %2에 저장했습니다</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export links</source>
        <translation>연결 내보내기</translation>
    </message>
    <message>
        <source>Every link between acts, with both acts and the note</source>
        <translation>행위 사이의 모든 연결(양쪽 행위와 메모 포함)</translation>
    </message>
    <message>
        <source>&amp;Export links (CSV)…</source>
        <translation>연결 내보내기(CSV)(&amp;E)…</translation>
    </message>
    <message>
        <source>Facilities</source>
        <translation>시설</translation>
    </message>
    <message>
        <source>Perpetrator units</source>
        <translation>가해 단위</translation>
    </message>
    <message>
        <source>Facilities or units</source>
        <translation>시설 또는 가해 단위</translation>
    </message>
    <message>
        <source>Include keys not pinned</source>
        <translation>고정되지 않은 키의 자료 포함</translation>
    </message>
    <message>
        <source>Entities and their testimonies</source>
        <translation>개체와 그 증언</translation>
    </message>
    <message>
        <source>From</source>
        <translation>부터</translation>
    </message>
    <message>
        <source>To</source>
        <translation>까지</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>면담자</translation>
    </message>
    <message>
        <source>Act</source>
        <translation>행위</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Acts on the timeline</source>
        <translation>시간순 행위</translation>
    </message>
    <message>
        <source>Links and notes of the chosen act</source>
        <translation>선택한 행위의 연결과 메모</translation>
    </message>
    <message>
        <source>&amp;Link the two acts…</source>
        <translation>두 행위 연결(&amp;L)…</translation>
    </message>
    <message>
        <source>Note on the &amp;act…</source>
        <translation>행위에 메모(&amp;A)…</translation>
    </message>
    <message>
        <source>Note on the &amp;testimony…</source>
        <translation>증언에 메모(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source>Spelling</source>
        <translation>표기</translation>
    </message>
    <message>
        <source>May be the same as</source>
        <translation>같을 수 있는 대상</translation>
    </message>
    <message>
        <source>Likeness</source>
        <translation>유사도</translation>
    </message>
    <message>
        <source>Spellings proposed for merging</source>
        <translation>병합이 제안된 표기</translation>
    </message>
    <message>
        <source>&amp;Merge: count as one</source>
        <translation>병합: 하나로 집계(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Keep apart</source>
        <translation>따로 유지(&amp;K)</translation>
    </message>
    <message>
        <source>Merged spellings</source>
        <translation>병합된 표기</translation>
    </message>
    <message>
        <source>&amp;Undo the merge</source>
        <translation>병합 취소(&amp;U)</translation>
    </message>
    <message>
        <source>Names written differently that may be one facility or unit. Nothing is merged until you say so; every merge is in the audit log.</source>
        <translation>다르게 적혔지만 같은 시설이나 가해 단위일 수 있는 이름입니다. 검토자가 정하기 전에는 아무것도 병합되지 않으며, 모든 병합은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>병합됨</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>시간순 보기</translation>
    </message>
    <message>
        <source>Spellings to reconcile</source>
        <translation>정리할 표기</translation>
    </message>
    <message>
        <source>%1 (%2 testimonies)</source>
        <translation>%1 (증언 %2건)</translation>
    </message>
    <message>
        <source>%1 acts from %2 testimonies, earliest first.</source>
        <translation>증언 %2건의 행위 %1건, 이른 것부터.</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Note on the testimony</source>
        <translation>증언 메모</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Link two acts</source>
        <translation>두 행위 연결</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>&amp;Relation</source>
        <translation>관계(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>메모(&amp;N)</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move the link to the new version</source>
        <translation>연결을 새 버전으로 옮기기</translation>
    </message>
    <message>
        <source>The act the link was made on is no longer the same in the corrected record. Which act of the new version is it? The move is in the audit log.</source>
        <translation>연결을 만든 행위가 정정된 기록에서는 같은 자리에 있지 않습니다. 새 버전의 어느 행위입니까? 옮긴 내용은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>&amp;Act</source>
        <translation>행위(&amp;A)</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Reviewer's note</source>
        <translation>검토자 메모</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Tags, separated by spaces</source>
        <translation>태그(띄어쓰기로 구분)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>메모(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Tags</source>
        <translation>태그(&amp;T)</translation>
    </message>
    <message>
        <source>Kept in this archive only, never in the sealed record.</source>
        <translation>이 기록 보관소에만 남고, 봉인된 기록에는 들어가지 않습니다.</translation>
    </message>
</context>
<context>
    <name>Relation</name>
    <message>
        <source>corroborates</source>
        <translation>뒷받침함</translation>
    </message>
    <message>
        <source>contradicts</source>
        <translation>상충함</translation>
    </message>
    <message>
        <source>same event</source>
        <translation>같은 사건</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <source>%1 (version %2, corrected since)</source>
        <translation>%1 (버전 %2, 이후 정정됨)</translation>
    </message>
    <message>
        <source>No dated acts for this choice.</source>
        <translation>이 선택에는 날짜가 있는 행위가 없습니다.</translation>
    </message>
</context>
</TS>
