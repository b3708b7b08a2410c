<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>olis::ui::CompareTab</name>
    <message numerus="yes">
        <source>%n cell(s) drawn, </source>
        <translation>
            <numerusform>%n cell drawn, </numerusform>
            <numerusform>%n cells drawn, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reused (identical parameters).</source>
        <translation>
            <numerusform>%n reused (identical parameters).</numerusform>
            <numerusform>%n reused (identical parameters).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::DreamBenchTab</name>
    <message numerus="yes">
        <source>Scored %n subject(s).</source>
        <translation>
            <numerusform>Scored %n subject.</numerusform>
            <numerusform>Scored %n subjects.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::GenerateTab</name>
    <message numerus="yes">
        <source>Generate %n image(s)</source>
        <translation>
            <numerusform>Generate %n image</numerusform>
            <numerusform>Generate %n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::JobQueuePanel</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::ProjectController</name>
    <message numerus="yes">
        <source>Added %n photo(s).</source>
        <translation>
            <numerusform>Added %n photo.</numerusform>
            <numerusform>Added %n photos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s). DreamBooth learns a subject best from 4 to 6 photos; add a few more if you can.</source>
        <translation>
            <numerusform>%n photo. DreamBooth learns a subject best from 4 to 6 photos; add a few more if you can.</numerusform>
            <numerusform>%n photos. DreamBooth learns a subject best from 4 to 6 photos; add a few more if you can.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photos. More than 6 rarely helps and makes training slower; consider keeping the best 6.</source>
        <translation>
            <numerusform>%n photos. More than 6 rarely helps and makes training slower; consider keeping the best 6.</numerusform>
            <numerusform>%n photos. More than 6 rarely helps and makes training slower; consider keeping the best 6.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n photo(s)</source>
        <translation>
            <numerusform>Add %n photo</numerusform>
            <numerusform>Add %n photos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::PromptPreviewTab</name>
    <message numerus="yes">
        <source>Sample %n regularization prompt(s)</source>
        <translation>
            <numerusform>Sample %n regularization prompt</numerusform>
            <numerusform>Sample %n regularization prompts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n prompt(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n prompt to %1.</numerusform>
            <numerusform>Wrote %n prompts to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::SubjectTab</name>
    <message numerus="yes">
        <source>Template applied to %n caption(s).</source>
        <translation>
            <numerusform>Template applied to %n caption.</numerusform>
            <numerusform>Template applied to %n captions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Read %n caption(s) from .txt files.</source>
        <translation>
            <numerusform>Read %n caption from .txt files.</numerusform>
            <numerusform>Read %n captions from .txt files.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) — a good number for DreamBooth.</source>
        <translation>
            <numerusform>%n photo — a good number for DreamBooth.</numerusform>
            <numerusform>%n photos — a good number for DreamBooth.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Suggested captions for %n photo(s): pick one under each caption.</source>
        <translation>
            <numerusform>Suggested captions for %n photo: pick one under its caption.</numerusform>
            <numerusform>Suggested captions for %n photos: pick one under each caption.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n empty caption(s) now hold the best suggestion.</source>
        <translation>
            <numerusform>%n empty caption now holds the best suggestion.</numerusform>
            <numerusform>%n empty captions now hold the best suggestion.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::TrainTab</name>
    <message numerus="yes">
        <source>Generate %n regularization image(s)</source>
        <translation>
            <numerusform>Generate %n regularization image</numerusform>
            <numerusform>Generate %n regularization images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Training with prior preservation needs the regularization set: %n image(s) of the class, made by the base model. It has not been generated yet.</source>
        <translation>
            <numerusform>Training with prior preservation needs the regularization set: %n image of the class, made by the base model. It has not been generated yet.</numerusform>
            <numerusform>Training with prior preservation needs the regularization set: %n images of the class, made by the base model. It has not been generated yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The regularization set (%n image(s) of the class) is not finished yet; generating it again continues where it stopped.</source>
        <translation>
            <numerusform>The regularization set (%n image of the class) is not finished yet; generating it again continues where it stopped.</numerusform>
            <numerusform>The regularization set (%n images of the class) is not finished yet; generating it again continues where it stopped.</numerusform>
        </translation>
    </message>
</context>
</TS>
