<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>LegalKeysPage</name>
    <message numerus="yes">
        <source>%n key(s) imported.</source>
        <translation>
            <numerusform>%n key imported.</numerusform>
            <numerusform>%n keys imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordListView</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) found</source>
        <translation>
            <numerusform>%n record found</numerusform>
            <numerusform>%n records found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordReview</name>
    <message numerus="yes">
        <source>Signed statement from bundle %1: %n page(s).</source>
        <translation>
            <numerusform>Signed statement from bundle %1: %n page.</numerusform>
            <numerusform>Signed statement from bundle %1: %n pages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Record %1 (%2): %n sealed version(s)</source>
        <translation>
            <numerusform>Record %1 (%2): %n sealed version</numerusform>
            <numerusform>Record %1 (%2): %n sealed versions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) from version %1 to version %2.</source>
        <translation>
            <numerusform>%n difference from version %1 to version %2.</numerusform>
            <numerusform>%n differences from version %1 to version %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message numerus="yes">
        <source>Stop trusting %n key(s)? Records already imported stay.</source>
        <translation>
            <numerusform>Stop trusting %n key? Records already imported stay.</numerusform>
            <numerusform>Stop trusting %n keys? Records already imported stay.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockWidget</name>
    <message numerus="yes">
        <source>Wrong passphrase. Try again in %n second(s).</source>
        <translation>
            <numerusform>Wrong passphrase. Try again in %n second.</numerusform>
            <numerusform>Wrong passphrase. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message numerus="yes">
        <source>%n sealed record(s) have not been exported and will be lost.</source>
        <translation>
            <numerusform>%n sealed record has not been exported and will be lost.</numerusform>
            <numerusform>%n sealed records have not been exported and will be lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecoverDialog</name>
    <message numerus="yes">
        <source>%n share(s) read from the image.</source>
        <translation>
            <numerusform>%n share read from the image.</numerusform>
            <numerusform>%n shares read from the image.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LegalTeamsDialog</name>
    <message numerus="yes">
        <source>%n key(s) added.</source>
        <translation>
            <numerusform>%n key added.</numerusform>
            <numerusform>%n keys added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message numerus="yes">
        <source>%n identity answer(s) withheld</source>
        <translation>
            <numerusform>%n identity answer withheld</numerusform>
            <numerusform>%n identity answers withheld</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n name(s) of other people withheld</source>
        <translation>
            <numerusform>%n name of other people withheld</numerusform>
            <numerusform>%n names of other people withheld</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s) go</source>
        <translation>
            <numerusform>%n attachment goes</numerusform>
            <numerusform>%n attachments go</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refusal(s): consent does not allow this handover. Go back and choose other teams, or hand over without the refused records.</source>
        <translation>
            <numerusform>%n refusal: consent does not allow this handover. Go back and choose other teams, or hand over without the refused record.</numerusform>
            <numerusform>%n refusals: consent does not allow this handover. Go back and choose other teams, or hand over without the refused records.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
</context>
</TS>
