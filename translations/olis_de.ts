<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>olis::ui::CaptionEditor</name>
    <message>
        <source>a &lt;new&gt; dog on the grass</source>
        <translation>a &lt;new&gt; dog on the grass</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:palette(mid)&apos;&gt;Set the class of your subject to check captions.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:palette(mid)&apos;&gt;Geben Sie die Klasse Ihres Motivs an, damit Bildbeschreibungen geprüft werden können.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e7d32&apos;&gt;✔ Good caption&lt;/span&gt; &lt;span style=&apos;color:palette(mid)&apos;&gt;(about %1 of %2 tokens)&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#2e7d32&apos;&gt;✔ Gute Bildbeschreibung&lt;/span&gt; &lt;span style=&apos;color:palette(mid)&apos;&gt;(etwa %1 von %2 Token)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>a &lt;new&gt; %1 on the grass</source>
        <translation>a &lt;new&gt; %1 on the grass</translation>
    </message>
    <message>
        <source>Suggested:</source>
        <translation>Vorschläge:</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Mehr</translation>
    </message>
    <message>
        <source>Other captions CLIP ranks high for this photo</source>
        <translation>Weitere Bildbeschreibungen, die CLIP für dieses Foto hoch einstuft</translation>
    </message>
    <message>
        <source>CLIP similarity %1</source>
        <translation>CLIP-Ähnlichkeit %1</translation>
    </message>
    <message>
        <source>Use this caption. %1</source>
        <translation>Diese Bildbeschreibung übernehmen. %1</translation>
    </message>
</context>
<context>
    <name>olis::ui::CaptionSuggester</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Suggestions need a CLIP model: choose the CLIP folder under &quot;Metric models&quot; in the Train tab.</source>
        <translation>Vorschläge brauchen ein CLIP-Modell: Wählen Sie den CLIP-Ordner unter „Metrikmodelle“ im Reiter Trainieren.</translation>
    </message>
    <message>
        <source>Set the class of your subject first (for example dog): the suggestions name it.</source>
        <translation>Geben Sie zuerst die Klasse Ihres Motivs an (zum Beispiel dog): Die Vorschläge nennen sie.</translation>
    </message>
    <message>
        <source>Add photos first: the suggestions describe what is in each photo.</source>
        <translation>Fügen Sie zuerst Fotos hinzu: Die Vorschläge beschreiben, was auf jedem Foto ist.</translation>
    </message>
    <message>
        <source>Suggest captions</source>
        <translation>Bildbeschreibungen vorschlagen</translation>
    </message>
</context>
<context>
    <name>olis::ui::CompareGridView</name>
    <message>
        <source>%1
seed %2</source>
        <translation>%1
Seed %2</translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation>Prompt: %1</translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation>Negativ-Prompt: %1</translation>
    </message>
    <message>
        <source>Seed: %1</source>
        <translation>Seed: %1</translation>
    </message>
    <message>
        <source>Model: %1 — %2</source>
        <translation>Modell: %1 — %2</translation>
    </message>
    <message>
        <source>, step %1</source>
        <translation>, Schritt %1</translation>
    </message>
    <message>
        <source> on %1, scale %2</source>
        <translation> auf %1, Stärke %2</translation>
    </message>
    <message>
        <source>Sampler: DDIM, %1 steps, guidance %2, %3×%4 px, %5</source>
        <translation>Sampler: DDIM, %1 Schritte, Guidance %2, %3×%4 px, %5</translation>
    </message>
    <message>
        <source>Reused: the validation image %1 (identical parameters)</source>
        <translation>Wiederverwendet: das Validierungsbild %1 (gleiche Parameter)</translation>
    </message>
    <message>
        <source>Reused: drawn for an earlier grid with identical parameters</source>
        <translation>Wiederverwendet: für ein früheres Raster mit gleichen Parametern erzeugt</translation>
    </message>
    <message>
        <source>Drawn for this grid</source>
        <translation>Für dieses Raster erzeugt</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
</context>
<context>
    <name>olis::ui::CompareTab</name>
    <message>
        <source>Base model: %1</source>
        <translation>Basismodell: %1</translation>
    </message>
    <message>
        <source>%1, step %2</source>
        <translation>%1, Schritt %2</translation>
    </message>
    <message>
        <source>%1, suggested checkpoint</source>
        <translation>%1, vorgeschlagener Checkpoint</translation>
    </message>
    <message>
        <source>LoRA: %1 × %2</source>
        <translation>LoRA: %1 × %2</translation>
    </message>
    <message>
        <source>Base model…</source>
        <translation>Basismodell…</translation>
    </message>
    <message>
        <source>Checkpoint…</source>
        <translation>Checkpoint…</translation>
    </message>
    <message>
        <source>A checkpoint of this project&apos;s run</source>
        <translation>Ein Checkpoint des Trainingslaufs dieses Projekts</translation>
    </message>
    <message>
        <source>Other project…</source>
        <translation>Anderes Projekt…</translation>
    </message>
    <message>
        <source>The suggested checkpoint of another project</source>
        <translation>Der vorgeschlagene Checkpoint eines anderen Projekts</translation>
    </message>
    <message>
        <source>LoRA file…</source>
        <translation>LoRA-Datei…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Rows: models</source>
        <translation>Zeilen: Modelle</translation>
    </message>
    <message>
        <source>One prompt per line; &lt;new&gt; is each model&apos;s identifier</source>
        <translation>Ein Prompt pro Zeile; &lt;new&gt; wird zum Bezeichner des jeweiligen Modells</translation>
    </message>
    <message>
        <source>Validation prompts and settings</source>
        <translation>Validierungs-Prompts und -Einstellungen</translation>
    </message>
    <message>
        <source>The project&apos;s validation prompts, seeds and sampling settings, with its base model and suggested checkpoint as rows: its validation images are reused</source>
        <translation>Die Validierungs-Prompts, Seeds und Sampling-Einstellungen des Projekts, mit Basismodell und vorgeschlagenem Checkpoint als Zeilen: Seine Validierungsbilder werden wiederverwendet</translation>
    </message>
    <message>
        <source>Columns: prompts</source>
        <translation>Spalten: Prompts</translation>
    </message>
    <message>
        <source>Comma-separated; a cell shows one image per seed</source>
        <translation>Durch Kommas getrennt; eine Zelle zeigt ein Bild pro Seed</translation>
    </message>
    <message>
        <source>seed + column number (as validation images)</source>
        <translation>Seed + Spaltennummer (wie Validierungsbilder)</translation>
    </message>
    <message>
        <source>the same seeds in every column</source>
        <translation>dieselben Seeds in jeder Spalte</translation>
    </message>
    <message>
        <source>each model&apos;s own</source>
        <translation>die des jeweiligen Modells</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>base model and LoRA rows only</source>
        <translation>nur Zeilen mit Basismodell und LoRA</translation>
    </message>
    <message>
        <source>Sampling (DDIM)</source>
        <translation>Sampling (DDIM)</translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation>Seeds:</translation>
    </message>
    <message>
        <source>Seed per column:</source>
        <translation>Seed je Spalte:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation>Guidance:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Negative prompt:</source>
        <translation>Negativ-Prompt:</translation>
    </message>
    <message>
        <source>&amp;Render grid</source>
        <translation>Raster &amp;erzeugen</translation>
    </message>
    <message>
        <source>Click a cell to see it large with its parameters.</source>
        <translation>Klicken Sie auf eine Zelle, um sie groß mit ihren Parametern zu sehen.</translation>
    </message>
    <message>
        <source>Save and train the project first.</source>
        <translation>Speichern und trainieren Sie zuerst das Projekt.</translation>
    </message>
    <message>
        <source>Another Olis project</source>
        <translation>Ein anderes Olis-Projekt</translation>
    </message>
    <message numerus="yes">
        <source>%n cell(s) drawn, </source>
        <translation>
            <numerusform>%n Zelle erzeugt, </numerusform>
            <numerusform>%n Zellen erzeugt, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reused (identical parameters).</source>
        <translation>
            <numerusform>%n wiederverwendet (gleiche Parameter).</numerusform>
            <numerusform>%n wiederverwendet (gleiche Parameter).</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; and grid.json with every parameter.</source>
        <translation>&lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; und grid.json mit allen Parametern gespeichert.</translation>
    </message>
    <message>
        <source>A base model: a .safetensors file, or any file in a diffusers folder</source>
        <translation>Ein Basismodell: eine .safetensors-Datei oder eine beliebige Datei in einem Diffusers-Ordner</translation>
    </message>
    <message>
        <source>Models (*.safetensors model_index.json)</source>
        <translation>Modelle (*.safetensors model_index.json)</translation>
    </message>
    <message>
        <source>A LoRA file</source>
        <translation>Eine LoRA-Datei</translation>
    </message>
    <message>
        <source>LoRA (*.safetensors)</source>
        <translation>LoRA (*.safetensors)</translation>
    </message>
    <message>
        <source>LoRA scale</source>
        <translation>LoRA-Stärke</translation>
    </message>
    <message>
        <source>Scale of %1:</source>
        <translation>Stärke von %1:</translation>
    </message>
    <message>
        <source>the suggested checkpoint</source>
        <translation>der vorgeschlagene Checkpoint</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Which checkpoint of %1?</source>
        <translation>Welcher Checkpoint von %1?</translation>
    </message>
    <message>
        <source>Save the project and choose its base model in the Train tab first.</source>
        <translation>Speichern Sie zuerst das Projekt und wählen Sie im Reiter Trainieren sein Basismodell.</translation>
    </message>
    <message>
        <source>The seed &quot;%1&quot; is not a number.</source>
        <translation>Der Seed „%1“ ist keine Zahl.</translation>
    </message>
    <message>
        <source>Give at least one seed.</source>
        <translation>Geben Sie mindestens einen Seed an.</translation>
    </message>
    <message>
        <source>Add a row: the base model, a checkpoint or a LoRA file.</source>
        <translation>Fügen Sie eine Zeile hinzu: das Basismodell, einen Checkpoint oder eine LoRA-Datei.</translation>
    </message>
    <message>
        <source>Add a prompt: one per line.</source>
        <translation>Fügen Sie einen Prompt hinzu: einen pro Zeile.</translation>
    </message>
    <message>
        <source>Save the project first: grids are saved in its folder.</source>
        <translation>Speichern Sie zuerst das Projekt: Raster werden in seinem Ordner gespeichert.</translation>
    </message>
    <message>
        <source>Compare %1 models × %2 prompts</source>
        <translation>Vergleich %1 Modelle × %2 Prompts</translation>
    </message>
    <message>
        <source>Rendering the grid; cells with identical parameters are reused…</source>
        <translation>Das Raster wird erzeugt; Zellen mit gleichen Parametern werden wiederverwendet…</translation>
    </message>
    <message>
        <source>The latest grid: &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;</source>
        <translation>Das neueste Raster: &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>olis::ui::DreamBenchTab</name>
    <message>
        <source>The DreamBench protocol: 25 prompts per subject by kind, a few images each with fixed seeds, scored against the subject&apos;s photos (DINO, CLIP-I, CLIP-T). Images already in the output folder are kept, so a stopped run continues.</source>
        <translation>Das DreamBench-Protokoll: 25 Prompts je Motiv nach Art, einige Bilder je Prompt mit festen Seeds, bewertet gegen die Fotos des Motivs (DINO, CLIP-I, CLIP-T). Bilder, die schon im Ausgabeordner liegen, bleiben erhalten; ein angehaltener Lauf geht dort weiter.</translation>
    </message>
    <message>
        <source>Data and models</source>
        <translation>Daten und Modelle</translation>
    </message>
    <message>
        <source>DreamBench folder:</source>
        <translation>DreamBench-Ordner:</translation>
    </message>
    <message>
        <source>prompts_and_classes.txt and a folder per subject</source>
        <translation>prompts_and_classes.txt und ein Ordner je Motiv</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Ausgabeordner:</translation>
    </message>
    <message>
        <source>generated images, report.json and report.csv</source>
        <translation>erzeugte Bilder, report.json und report.csv</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>optional: generates the missing images</source>
        <translation>optional: erzeugt die fehlenden Bilder</translation>
    </message>
    <message>
        <source>LoRA:</source>
        <translation>LoRA:</translation>
    </message>
    <message>
        <source>optional; {subject} becomes each subject&apos;s name</source>
        <translation>optional; {subject} wird zum Namen des jeweiligen Motivs</translation>
    </message>
    <message>
        <source>CLIP:</source>
        <translation>CLIP:</translation>
    </message>
    <message>
        <source>CLIP folder (vision tower, and text tower for CLIP-T)</source>
        <translation>CLIP-Ordner (Bildteil, und Textteil für CLIP-T)</translation>
    </message>
    <message>
        <source>CLIP text:</source>
        <translation>CLIP-Text:</translation>
    </message>
    <message>
        <source>optional: text tower when it is not in the CLIP folder</source>
        <translation>optional: Textteil, wenn er nicht im CLIP-Ordner liegt</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>Tokenizer:</translation>
    </message>
    <message>
        <source>optional: vocab.json and merges.txt</source>
        <translation>optional: vocab.json und merges.txt</translation>
    </message>
    <message>
        <source>DINO:</source>
        <translation>DINO:</translation>
    </message>
    <message>
        <source>DINO ViT-S/16 .safetensors</source>
        <translation>DINO ViT-S/16 .safetensors</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>all subjects; or e.g. dog,backpack</source>
        <translation>alle Motive; oder z. B. dog,backpack</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>die des Modells</translation>
    </message>
    <message>
        <source>Score the subjects&apos; photos against themselves (the paper&apos;s &quot;real images&quot; row)</source>
        <translation>Die Fotos jedes Motivs untereinander bewerten (die Zeile „real images“ des Papers)</translation>
    </message>
    <message>
        <source>Identifier:</source>
        <translation>Bezeichner:</translation>
    </message>
    <message>
        <source>Subjects:</source>
        <translation>Motive:</translation>
    </message>
    <message>
        <source>Images per prompt:</source>
        <translation>Bilder je Prompt:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>&amp;Run protocol</source>
        <translation>Protokoll &amp;ausführen</translation>
    </message>
    <message>
        <source>Open report…</source>
        <translation>Bericht öffnen…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Motiv</translation>
    </message>
    <message>
        <source>DINO</source>
        <translation>DINO</translation>
    </message>
    <message>
        <source>CLIP-I</source>
        <translation>CLIP-I</translation>
    </message>
    <message>
        <source>CLIP-T</source>
        <translation>CLIP-T</translation>
    </message>
    <message>
        <source>CLIP-T (object)</source>
        <translation>CLIP-T (Objekt)</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Erzeugt</translation>
    </message>
    <message>
        <source>A DreamBench report</source>
        <translation>Ein DreamBench-Bericht</translation>
    </message>
    <message>
        <source>Reports (report.json *.json)</source>
        <translation>Berichte (report.json *.json)</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>Die Tabelle als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Scored %n subject(s).</source>
        <translation>
            <numerusform>%n Motiv bewertet.</numerusform>
            <numerusform>%n Motive bewertet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The images are generated.</source>
        <translation>Die Bilder sind erzeugt.</translation>
    </message>
    <message>
        <source>Choose the DreamBench folder.</source>
        <translation>Wählen Sie den DreamBench-Ordner.</translation>
    </message>
    <message>
        <source>Choose an output folder for the generated images and the report.</source>
        <translation>Wählen Sie einen Ausgabeordner für die erzeugten Bilder und den Bericht.</translation>
    </message>
    <message>
        <source>Choose a CLIP folder and/or a DINO model to score with.</source>
        <translation>Wählen Sie einen CLIP-Ordner und/oder ein DINO-Modell für die Bewertung.</translation>
    </message>
    <message>
        <source>DreamBench: real images</source>
        <translation>DreamBench: echte Bilder</translation>
    </message>
    <message>
        <source>DreamBench protocol</source>
        <translation>DreamBench-Protokoll</translation>
    </message>
    <message>
        <source>The protocol runs; progress is in the job queue.</source>
        <translation>Das Protokoll läuft; der Fortschritt steht in der Auftragsliste.</translation>
    </message>
    <message>
        <source>mean over subjects</source>
        <translation>Mittel über die Motive</translation>
    </message>
</context>
<context>
    <name>olis::ui::GenerateTab</name>
    <message>
        <source>blurry, low quality</source>
        <translation>blurry, low quality</translation>
    </message>
    <message>
        <source>Euler</source>
        <translation>Euler</translation>
    </message>
    <message>
        <source>DDIM</source>
        <translation>DDIM</translation>
    </message>
    <message>
        <source>DPM-Solver++ 2M</source>
        <translation>DPM-Solver++ 2M</translation>
    </message>
    <message>
        <source>random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Click an image to open it large with its parameters</source>
        <translation>Klicken Sie auf ein Bild, um es groß und mit seinen Parametern zu öffnen</translation>
    </message>
    <message>
        <source>Generated images appear here. Click one to open it large.</source>
        <translation>Erzeugte Bilder erscheinen hier. Ein Klick öffnet ein Bild in voller Größe.</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation>&amp;Negativer Prompt:</translation>
    </message>
    <message>
        <source>Sa&amp;mpler:</source>
        <translation>Sa&amp;mpler:</translation>
    </message>
    <message>
        <source>S&amp;teps:</source>
        <translation>Sc&amp;hritte:</translation>
    </message>
    <message>
        <source>G&amp;uidance:</source>
        <translation>&amp;Guidance:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>G&amp;röße:</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>&amp;Anzahl:</translation>
    </message>
    <message>
        <source>Choose a LoRA</source>
        <translation>LoRA auswählen</translation>
    </message>
    <message>
        <source>LoRA weights (*.safetensors)</source>
        <translation>LoRA-Gewichte (*.safetensors)</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>Schreiben Sie zuerst einen Prompt.</translation>
    </message>
    <message>
        <source>No model loaded: this build cannot generate images yet.</source>
        <translation>Kein Modell geladen: Diese Version kann noch keine Bilder erzeugen.</translation>
    </message>
    <message>
        <source>Base model: %1</source>
        <translation>Basismodell: %1</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>Vorgabe des Modells</translation>
    </message>
    <message>
        <source>DDPM</source>
        <translation>DDPM</translation>
    </message>
    <message numerus="yes">
        <source>Generate %n image(s)</source>
        <translation>
            <numerusform>%n Bild erzeugen</numerusform>
            <numerusform>%n Bilder erzeugen</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;new&gt; stands for your subject, as in the captions: it becomes the identifier.</source>
        <translation>&lt;new&gt; steht für Ihr Motiv, wie in den Bildbeschreibungen: Es wird zum Bezeichner.</translation>
    </message>
    <message>
        <source>The project&apos;s base model alone, or with what training made of it</source>
        <translation>Das Basismodell des Projekts allein oder mit dem, was das Training daraus gemacht hat</translation>
    </message>
    <message>
        <source>a LoRA .safetensors file</source>
        <translation>eine LoRA-Datei (.safetensors)</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>a photo of &lt;new&gt; on the beach</source>
        <translation>a photo of &lt;new&gt; on the beach</translation>
    </message>
    <message>
        <source>a photo of &lt;new&gt; %1 on the beach</source>
        <translation>a photo of &lt;new&gt; %1 on the beach</translation>
    </message>
    <message>
        <source>No model loaded: choose the project&apos;s base model in the Train tab or in Settings (Ctrl+,).</source>
        <translation>Kein Modell geladen: Wählen Sie das Basismodell des Projekts im Reiter „Training“ oder in den Einstellungen (Strg+,).</translation>
    </message>
    <message>
        <source>With: %1</source>
        <translation>Mit: %1</translation>
    </message>
    <message>
        <source>The base model alone does not know &lt;new&gt; yet: choose a trained result above.</source>
        <translation>Das Basismodell allein kennt &lt;new&gt; noch nicht: Wählen Sie oben ein trainiertes Ergebnis.</translation>
    </message>
    <message>
        <source>The base model alone does not know &lt;new&gt; yet: train it in the Train tab first.</source>
        <translation>Das Basismodell allein kennt &lt;new&gt; noch nicht: Trainieren Sie es zuerst im Reiter „Training“.</translation>
    </message>
    <message>
        <source>No model loaded: this build of Olis cannot generate images yet.</source>
        <translation>Kein Modell geladen: Diese Version von Olis kann noch keine Bilder erzeugen.</translation>
    </message>
    <message>
        <source>No model loaded: choose the project&apos;s base model (a diffusers folder or a .safetensors file) in the Train tab or in Settings.</source>
        <translation>Kein Modell geladen: Wählen Sie das Basismodell des Projekts (einen diffusers-Ordner oder eine .safetensors-Datei) im Reiter „Training“ oder in den Einstellungen.</translation>
    </message>
    <message>
        <source>Choose the LoRA file, or another model.</source>
        <translation>Wählen Sie die LoRA-Datei oder ein anderes Modell.</translation>
    </message>
    <message>
        <source>Export checkpoint %1</source>
        <translation>Checkpoint %1 exportieren</translation>
    </message>
</context>
<context>
    <name>olis::ui::ImageViewer</name>
    <message>
        <source>%1 — Olis</source>
        <translation>%1 — Olis</translation>
    </message>
    <message>
        <source>Cannot show %1: %2</source>
        <translation>%1 kann nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <source>%1 × %2 pixels, shown %3 times larger</source>
        <translation>%1 × %2 Pixel, %3-fach vergrößert</translation>
    </message>
</context>
<context>
    <name>olis::ui::JobQueuePanel</name>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Messages from running jobs appear here.</source>
        <translation>Meldungen laufender Aufträge erscheinen hier.</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>Auftrag a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop the selected job at its next step</source>
        <translation>Den ausgewählten Auftrag beim nächsten Schritt anhalten</translation>
    </message>
    <message>
        <source>Open output folder</source>
        <translation>Ausgabeordner öffnen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Erledigte entfernen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>finished in %1 s</source>
        <translation>fertig nach %1 s</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>started</source>
        <translation>gestartet</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>olis::ui::MainWindow</name>
    <message>
        <source>S&amp;ubject</source>
        <translation>&amp;Motiv</translation>
    </message>
    <message>
        <source>&amp;Prompts</source>
        <translation>&amp;Prompts</translation>
    </message>
    <message>
        <source>P&amp;ools</source>
        <translation>P&amp;ools</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>A job is running…</source>
        <translation>Ein Auftrag läuft…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Job failed: %1</source>
        <translation>Auftrag fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Pool file saved; sample again to use it.</source>
        <translation>Pool-Datei gespeichert; erneut ziehen, um sie zu verwenden.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Project</source>
        <translation>&amp;Neues Projekt</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Add &amp;Photos…</source>
        <translation>&amp;Fotos hinzufügen…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Add Photo &amp;Folder…</source>
        <translation>Foto&amp;ordner hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Aufträge</translation>
    </message>
    <message>
        <source>&amp;Sample Prompts</source>
        <translation>Prompts &amp;ziehen</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Ctrl+G</source>
        <translation>Ctrl+G</translation>
    </message>
    <message>
        <source>&amp;Cancel Selected Job</source>
        <translation>Ausgewählten Auftrag a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>Cancel &amp;All Jobs</source>
        <translation>&amp;Alle Aufträge abbrechen</translation>
    </message>
    <message>
        <source>Show &amp;Job Queue</source>
        <translation>Auftrags&amp;liste anzeigen</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Olis</source>
        <translation>&amp;Über Olis</translation>
    </message>
    <message>
        <source>%1[*] — Olis</source>
        <translation>%1[*] — Olis</translation>
    </message>
    <message>
        <source>Olis</source>
        <translation>Olis</translation>
    </message>
    <message>
        <source>The project could not be saved: %1</source>
        <translation>Das Projekt konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Save the new project before closing it?</source>
        <translation>Das neue Projekt vor dem Schließen speichern?</translation>
    </message>
    <message>
        <source>Open an Olis project</source>
        <translation>Olis-Projekt öffnen</translation>
    </message>
    <message>
        <source>Olis projects (project.olis.yaml *.yaml)</source>
        <translation>Olis-Projekte (project.olis.yaml *.yaml)</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1

The file was not changed. Fix it in a text editor, or open another project.</source>
        <translation>%1

Die Datei wurde nicht verändert. Korrigieren Sie sie in einem Texteditor oder öffnen Sie ein anderes Projekt.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Choose a folder for the project</source>
        <translation>Ordner für das Projekt wählen</translation>
    </message>
    <message>
        <source>About Olis</source>
        <translation>Über Olis</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Olis %1&lt;/h3&gt;&lt;p&gt;Teaches a text-to-image diffusion model your subject from 4 to 6 photos, with DreamBooth and a structured regularization set.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Olis %1&lt;/h3&gt;&lt;p&gt;Bringt einem Text-zu-Bild-Diffusionsmodell Ihr Motiv aus 4 bis 6 Fotos bei, mit DreamBooth und einem strukturierten Regularisierungssatz.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>&amp;Trainieren</translation>
    </message>
    <message>
        <source>Generate &amp;Regularization Set</source>
        <translation>&amp;Regularisierungssatz erzeugen</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Re&amp;vert to Last Opened…</source>
        <translation>Auf zuletzt &amp;geöffneten Stand zurücksetzen…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Revert to Last Opened</source>
        <translation>Auf zuletzt geöffneten Stand zurücksetzen</translation>
    </message>
    <message>
        <source>Put the photos, captions and subject of %1 back as they were when you opened it? Every change since then is discarded; this cannot be undone.</source>
        <translation>Fotos, Bildbeschreibungen und Motiv von %1 auf den Stand beim Öffnen zurücksetzen? Alle Änderungen seitdem werden verworfen; das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>The project could not be reverted: %1</source>
        <translation>Das Projekt konnte nicht zurückgesetzt werden: %1</translation>
    </message>
    <message>
        <source>Personal&amp;ize</source>
        <translation>Personal&amp;isieren</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>&amp;Vergleichen</translation>
    </message>
    <message>
        <source>&amp;Benchmark</source>
        <translation>Ben&amp;chmark</translation>
    </message>
    <message>
        <source>&amp;Personalize</source>
        <translation>&amp;Personalisieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Captions, regularization set, training, export and a sample grid in one go</source>
        <translation>Bildbeschreibungen, Regularisierungssatz, Training, Export und ein Beispielraster in einem Zug</translation>
    </message>
    <message>
        <source>Sugg&amp;est Captions</source>
        <translation>Bildbeschreibungen vor&amp;schlagen</translation>
    </message>
    <message>
        <source>Render Co&amp;mpare Grid</source>
        <translation>&amp;Vergleichsraster erzeugen</translation>
    </message>
</context>
<context>
    <name>olis::ui::MessageArea</name>
    <message>
        <source>Dismiss these messages</source>
        <translation>Diese Meldungen ausblenden</translation>
    </message>
</context>
<context>
    <name>olis::ui::ModelPicker</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>a diffusers folder or a .safetensors file</source>
        <translation>ein diffusers-Ordner oder eine .safetensors-Datei</translation>
    </message>
    <message>
        <source>Model folder (diffusers layout)…</source>
        <translation>Modellordner (diffusers-Aufbau)…</translation>
    </message>
    <message>
        <source>Single checkpoint file (.safetensors)…</source>
        <translation>Einzelne Checkpoint-Datei (.safetensors)…</translation>
    </message>
    <message>
        <source>CLIP model folder…</source>
        <translation>CLIP-Modellordner…</translation>
    </message>
    <message>
        <source>DINO model folder…</source>
        <translation>DINO-Modellordner…</translation>
    </message>
    <message>
        <source>DINO weights file (.safetensors)…</source>
        <translation>DINO-Gewichtsdatei (.safetensors)…</translation>
    </message>
    <message>
        <source>Choose the model folder (the one holding model_index.json)</source>
        <translation>Modellordner wählen (den Ordner mit model_index.json)</translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation>Modellordner wählen</translation>
    </message>
    <message>
        <source>Choose a .safetensors file</source>
        <translation>.safetensors-Datei wählen</translation>
    </message>
    <message>
        <source>Safetensors (*.safetensors)</source>
        <translation>Safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>No base model chosen: generation and training need one.</source>
        <translation>Kein Basismodell gewählt: Erzeugen und Training brauchen eines.</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
</context>
<context>
    <name>olis::ui::PersonalizeTab</name>
    <message>
        <source>Captions</source>
        <translation>Bildbeschreibungen</translation>
    </message>
    <message>
        <source>Regularization set</source>
        <translation>Regularisierungssatz</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Sample grid</source>
        <translation>Beispielraster</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>One click from photos to results: suggested captions, the regularization set, training with the metric sweep, export of the suggested checkpoint and a sample grid. Queue several projects; projects on different devices run at the same time.</source>
        <translation>Mit einem Klick von den Fotos zum Ergebnis: vorgeschlagene Bildbeschreibungen, Regularisierungssatz, Training mit Metrik-Auswertung, Export des vorgeschlagenen Checkpoints und ein Beispielraster. Mehrere Projekte lassen sich einreihen; Projekte auf verschiedenen Geräten laufen gleichzeitig.</translation>
    </message>
    <message>
        <source>Add this project</source>
        <translation>Dieses Projekt hinzufügen</translation>
    </message>
    <message>
        <source>Add project folder…</source>
        <translation>Projektordner hinzufügen…</translation>
    </message>
    <message>
        <source>The device new rows are pinned to</source>
        <translation>Das Gerät, auf dem neue Zeilen laufen</translation>
    </message>
    <message>
        <source>Suggest captions for photos without one</source>
        <translation>Bildbeschreibungen für Fotos ohne vorschlagen</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start the selected project, or continue it where it stopped</source>
        <translation>Das ausgewählte Projekt starten oder dort fortsetzen, wo es angehalten wurde</translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>Alle starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the selected project after its current step; the other projects go on</source>
        <translation>Das ausgewählte Projekt nach seinem aktuellen Schritt anhalten; die anderen Projekte laufen weiter</translation>
    </message>
    <message>
        <source>Remove from queue</source>
        <translation>Aus der Liste entfernen</translation>
    </message>
    <message>
        <source>The sample grid of the selected project appears here when it is done.</source>
        <translation>Das Beispielraster des ausgewählten Projekts erscheint hier, wenn es fertig ist.</translation>
    </message>
    <message>
        <source>Save the project first (File ▸ Save As…).</source>
        <translation>Speichern Sie zuerst das Projekt (Datei ▸ Speichern unter…).</translation>
    </message>
    <message>
        <source>Add an Olis project folder</source>
        <translation>Einen Olis-Projektordner hinzufügen</translation>
    </message>
    <message>
        <source>The project could not be saved: %1</source>
        <translation>Das Projekt konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Waiting for %1</source>
        <translation>Wartet auf %1</translation>
    </message>
    <message>
        <source>Personalize %1</source>
        <translation>%1 personalisieren</translation>
    </message>
    <message>
        <source>Save the project first (File ▸ Save As…), then choose its base model in the Train tab.</source>
        <translation>Speichern Sie zuerst das Projekt (Datei ▸ Speichern unter…) und wählen Sie dann im Reiter Trainieren sein Basismodell.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>Done: step %1 exported</source>
        <translation>Fertig: Schritt %1 exportiert</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1: stopped; Start continues here</source>
        <translation>%1: angehalten; Starten setzt hier fort</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Nicht gestartet</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>%1 has no training settings yet: open it and choose its base model in the Train tab.</source>
        <translation>%1 hat noch keine Trainingseinstellungen: Öffnen Sie es und wählen Sie im Reiter Trainieren sein Basismodell.</translation>
    </message>
</context>
<context>
    <name>olis::ui::PhotoListView</name>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Remove this photo from the project</source>
        <translation>Dieses Foto aus dem Projekt entfernen</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>Keine Vorschau</translation>
    </message>
</context>
<context>
    <name>olis::ui::PoolView</name>
    <message>
        <source>Objects</source>
        <translation>Gegenstände</translation>
    </message>
    <message>
        <source>Living (animals)</source>
        <translation>Lebewesen (Tiere)</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Menschen</translation>
    </message>
    <message>
        <source>Styles</source>
        <translation>Stile</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>e.g. lumpy, or &quot;on a picnic blanket&quot;</source>
        <translation>z. B. lumpy oder &quot;on a picnic blanket&quot;</translation>
    </message>
    <message>
        <source>&amp;Add to pool</source>
        <translation>Zum Pool &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve from pool</source>
        <translation>Aus dem Pool &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Undo selected change</source>
        <translation>Ausgewählte Änderung &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Prompts are built from these pools. Expand a slot to see its entries.</source>
        <translation>Prompts werden aus diesen Pools gebildet. Klappen Sie einen Platz auf, um seine Einträge zu sehen.</translation>
    </message>
    <message>
        <source>Your pool file</source>
        <translation>Ihre Pool-Datei</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Slot:</source>
        <translation>Platz:</translation>
    </message>
    <message>
        <source>Entry:</source>
        <translation>Eintrag:</translation>
    </message>
    <message>
        <source>Changes are saved to %1; the shipped pools stay as they are.</source>
        <translation>Änderungen werden in %1 gespeichert; die mitgelieferten Pools bleiben unverändert.</translation>
    </message>
    <message>
        <source>Changes:</source>
        <translation>Änderungen:</translation>
    </message>
    <message>
        <source>styles</source>
        <translation>Stile</translation>
    </message>
    <message>
        <source>photographic</source>
        <translation>fotografisch</translation>
    </message>
    <message>
        <source>artistic</source>
        <translation>künstlerisch</translation>
    </message>
    <message>
        <source>Read from: %1</source>
        <translation>Gelesen aus: %1</translation>
    </message>
    <message>
        <source>Your pool file edits the %1 pool; one file edits one kind.</source>
        <translation>Ihre Pool-Datei ändert den Pool „%1“; eine Datei ändert nur eine Art.</translation>
    </message>
</context>
<context>
    <name>olis::ui::ProjectController</name>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source>The project has no folder yet; use Save As.</source>
        <translation>Das Projekt hat noch keinen Ordner; verwenden Sie „Speichern unter“.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot read the photo %1: %2</source>
        <translation>Das Foto %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 was not added: %2.</source>
        <translation>%1 wurde nicht hinzugefügt: %2.</translation>
    </message>
    <message>
        <source>%1 is the same photo as %2; it was not added again.</source>
        <translation>%1 ist dasselbe Foto wie %2; es wurde nicht noch einmal hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 is %2×%3 pixels; Olis needs at least %4 pixels on the short side for sharp results. It was added, but a larger photo would be better.</source>
        <translation>%1 hat %2×%3 Pixel; für scharfe Ergebnisse braucht Olis mindestens %4 Pixel an der kurzen Seite. Es wurde hinzugefügt, aber ein größeres Foto wäre besser.</translation>
    </message>
    <message numerus="yes">
        <source>Added %n photo(s).</source>
        <translation>
            <numerusform>%n Foto hinzugefügt.</numerusform>
            <numerusform>%n Fotos hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop 4 to 6 photos of your subject here, or use Add Photos.</source>
        <translation>Ziehen Sie 4 bis 6 Fotos Ihres Motivs hierher oder wählen Sie „Fotos hinzufügen“.</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s). DreamBooth learns a subject best from 4 to 6 photos; add a few more if you can.</source>
        <translation>
            <numerusform>%n Foto. DreamBooth lernt ein Motiv am besten aus 4 bis 6 Fotos; fügen Sie wenn möglich noch einige hinzu.</numerusform>
            <numerusform>%n Fotos. DreamBooth lernt ein Motiv am besten aus 4 bis 6 Fotos; fügen Sie wenn möglich noch einige hinzu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photos. More than 6 rarely helps and makes training slower; consider keeping the best 6.</source>
        <translation>
            <numerusform>%n Fotos. Mehr als 6 helfen selten und verlangsamen das Training; behalten Sie am besten die 6 besten.</numerusform>
            <numerusform>%n Fotos. Mehr als 6 helfen selten und verlangsamen das Training; behalten Sie am besten die 6 besten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n photo(s)</source>
        <translation>
            <numerusform>%n Foto hinzufügen</numerusform>
            <numerusform>%n Fotos hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>%1 verschieben</translation>
    </message>
    <message>
        <source>Edit the caption of %1</source>
        <translation>Bildbeschreibung von %1 bearbeiten</translation>
    </message>
    <message>
        <source>The project was not opened from a file, so there is nothing to go back to.</source>
        <translation>Das Projekt wurde nicht aus einer Datei geöffnet; es gibt keinen Stand, zu dem zurückgekehrt werden kann.</translation>
    </message>
    <message>
        <source>Apply the template to all captions</source>
        <translation>Vorlage auf alle Bildbeschreibungen anwenden</translation>
    </message>
    <message>
        <source>Import captions</source>
        <translation>Bildbeschreibungen importieren</translation>
    </message>
</context>
<context>
    <name>olis::ui::PromptPreviewTab</name>
    <message>
        <source>From captions</source>
        <translation>Aus Beschreibungen</translation>
    </message>
    <message>
        <source>Photoreal</source>
        <translation>Fotorealistisch</translation>
    </message>
    <message>
        <source>Styled</source>
        <translation>Stilisiert</translation>
    </message>
    <message>
        <source>Class noun</source>
        <translation>Klassenname</translation>
    </message>
    <message>
        <source>How many regularization prompts to sample (training uses about 200 per photo)</source>
        <translation>Wie viele Regularisierungs-Prompts gezogen werden (das Training verwendet etwa 200 pro Foto)</translation>
    </message>
    <message>
        <source>&amp;Sample</source>
        <translation>&amp;Ziehen</translation>
    </message>
    <message>
        <source>&amp;Reseed</source>
        <translation>&amp;Neuer Seed</translation>
    </message>
    <message>
        <source>Pick a new random seed and sample again</source>
        <translation>Einen neuen zufälligen Seed wählen und erneut ziehen</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Show with adjective &amp;dropout</source>
        <translation>Mit Adjektiv-&amp;Dropout anzeigen</translation>
    </message>
    <message>
        <source>During training each adjective is left out at random; this shows prompts as the model will see them</source>
        <translation>Beim Training wird jedes Adjektiv zufällig weggelassen; so zeigt die Liste die Prompts, wie das Modell sie sieht</translation>
    </message>
    <message>
        <source>Probability that an adjective is left out</source>
        <translation>Wahrscheinlichkeit, dass ein Adjektiv weggelassen wird</translation>
    </message>
    <message>
        <source>&amp;Export manifest…</source>
        <translation>Manifest &amp;exportieren…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Count:</source>
        <translation>Anzahl:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <source>Set the class of your subject on the Subject tab first.</source>
        <translation>Geben Sie zuerst auf der Registerkarte „Motiv“ die Klasse Ihres Motivs an.</translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation>Wird gezogen…</translation>
    </message>
    <message>
        <source>Press Sample to see the regularization prompts for your subject.</source>
        <translation>Klicken Sie auf „Ziehen“, um die Regularisierungs-Prompts für Ihr Motiv zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 prompts&lt;/b&gt;: %2 from captions · %3 photoreal · %4 styled (20 / 60 / 20)</source>
        <translation>&lt;b&gt;%1 Prompts&lt;/b&gt;: %2 aus Beschreibungen · %3 fotorealistisch · %4 stilisiert (20 / 60 / 20)</translation>
    </message>
    <message>
        <source>Export the prompt manifest</source>
        <translation>Prompt-Manifest exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n prompt(s) to %1.</source>
        <translation>
            <numerusform>%n Prompt nach %1 geschrieben.</numerusform>
            <numerusform>%n Prompts nach %1 geschrieben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sample %n regularization prompt(s)</source>
        <translation>
            <numerusform>%n Regularisierungs-Prompt ziehen</numerusform>
            <numerusform>%n Regularisierungs-Prompts ziehen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>Automatisch (GPU, wenn vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>32-bit float (fp32)</source>
        <translation>32-Bit-Gleitkomma (fp32)</translation>
    </message>
    <message>
        <source>16-bit float (fp16)</source>
        <translation>16-Bit-Gleitkomma (fp16)</translation>
    </message>
    <message>
        <source>bfloat16 (bf16)</source>
        <translation>bfloat16 (bf16)</translation>
    </message>
    <message>
        <source>all (%1)</source>
        <translation>alle (%1)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>A new language applies the next time Olis starts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Olis.</translation>
    </message>
    <message>
        <source>&amp;Base model:</source>
        <translation>&amp;Basismodell:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>&amp;Genauigkeit:</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Threads:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>The open project&apos;s base model, for training and generation; new projects start with it too.</source>
        <translation>Das Basismodell des offenen Projekts, für Training und Erzeugen; neue Projekte beginnen ebenfalls damit.</translation>
    </message>
</context>
<context>
    <name>olis::ui::SubjectPanel</name>
    <message>
        <source>Object</source>
        <translation>Gegenstand</translation>
    </message>
    <message>
        <source>Living (animal)</source>
        <translation>Lebewesen (Tier)</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>The rare word that will stand for your subject in prompts (&lt;new&gt; in captions).</source>
        <translation>Das seltene Wort, das in Prompts für Ihr Motiv steht (&lt;new&gt; in Bildbeschreibungen).</translation>
    </message>
    <message>
        <source>e.g. dog, backpack, stuffed animal</source>
        <translation>z. B. dog, backpack, stuffed animal</translation>
    </message>
    <message>
        <source>A more specific name helps the model: &quot;bear plushie&quot; rather than &quot;stuffed animal&quot;.</source>
        <translation>Ein genauerer Name hilft dem Modell: &quot;bear plushie&quot; statt &quot;stuffed animal&quot;.</translation>
    </message>
    <message>
        <source>same as the class</source>
        <translation>wie die Klasse</translation>
    </message>
    <message>
        <source>Use it</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>&amp;Identifier:</source>
        <translation>&amp;Kennung:</translation>
    </message>
    <message>
        <source>&amp;Class:</source>
        <translation>K&amp;lasse:</translation>
    </message>
    <message>
        <source>&amp;Specific name:</source>
        <translation>Genauer &amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is vague; a specific name such as &quot;%2&quot; gives better results.</source>
        <translation>„%1“ ist ungenau; ein genauerer Name wie „%2“ liefert bessere Ergebnisse.</translation>
    </message>
    <message>
        <source>Type what your subject is, e.g. &quot;dog&quot; or &quot;backpack&quot;.</source>
        <translation>Geben Sie an, was Ihr Motiv ist, z. B. &quot;dog&quot; oder &quot;backpack&quot;.</translation>
    </message>
    <message>
        <source>A &quot;%1&quot; looks like: %2.</source>
        <translation>„%1“ klingt nach: %2.</translation>
    </message>
</context>
<context>
    <name>olis::ui::SubjectTab</name>
    <message>
        <source>Apply to all</source>
        <translation>Auf alle anwenden</translation>
    </message>
    <message>
        <source>Import .txt…</source>
        <translation>.txt importieren…</translation>
    </message>
    <message>
        <source>Read captions from .txt files named like the photos</source>
        <translation>Bildbeschreibungen aus .txt-Dateien lesen, die wie die Fotos heißen</translation>
    </message>
    <message>
        <source>Export .txt</source>
        <translation>.txt exportieren</translation>
    </message>
    <message>
        <source>Write each caption to a .txt file next to its photo in the project, for other trainers</source>
        <translation>Jede Bildbeschreibung als .txt-Datei neben ihr Foto im Projekt schreiben, für andere Trainingsprogramme</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Motiv</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>Bildbeschreibungen</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>&amp;Add Photos…</source>
        <translation>&amp;Fotos hinzufügen…</translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation>&amp;Ordner hinzufügen…</translation>
    </message>
    <message numerus="yes">
        <source>Template applied to %n caption(s).</source>
        <translation>
            <numerusform>Vorlage auf %n Bildbeschreibung angewendet.</numerusform>
            <numerusform>Vorlage auf %n Bildbeschreibungen angewendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder with .txt captions</source>
        <translation>Ordner mit .txt-Bildbeschreibungen</translation>
    </message>
    <message numerus="yes">
        <source>Read %n caption(s) from .txt files.</source>
        <translation>
            <numerusform>%n Bildbeschreibung aus .txt-Dateien gelesen.</numerusform>
            <numerusform>%n Bildbeschreibungen aus .txt-Dateien gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the project first: captions are written next to the project&apos;s copies of the photos.</source>
        <translation>Speichern Sie zuerst das Projekt: Die Bildbeschreibungen werden neben die Kopien der Fotos im Projekt geschrieben.</translation>
    </message>
    <message>
        <source>Captions written as .txt files in %1.</source>
        <translation>Bildbeschreibungen als .txt-Dateien in %1 geschrieben.</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) — a good number for DreamBooth.</source>
        <translation>
            <numerusform>%n Foto – eine gute Anzahl für DreamBooth.</numerusform>
            <numerusform>%n Fotos – eine gute Anzahl für DreamBooth.</numerusform>
        </translation>
    </message>
    <message>
        <source>Add photos of your subject</source>
        <translation>Fotos Ihres Motivs hinzufügen</translation>
    </message>
    <message>
        <source>Add a folder of photos</source>
        <translation>Einen Ordner mit Fotos hinzufügen</translation>
    </message>
    <message>
        <source>Sidecar files:</source>
        <translation>Begleitdateien:</translation>
    </message>
    <message>
        <source>{class} is replaced by the class name, {background} by the background each caption already describes (or left for you to fill in: describe where each photo was taken).</source>
        <translation>{class} wird durch den Klassennamen ersetzt, {background} durch den Hintergrund, den die Bildbeschreibung schon beschreibt (oder bleibt zum Ausfüllen stehen: beschreiben Sie, wo jedes Foto aufgenommen wurde).</translation>
    </message>
    <message>
        <source>Rewrite every caption from this template, keeping each photo&apos;s background</source>
        <translation>Alle Bildbeschreibungen aus dieser Vorlage neu schreiben, den Hintergrund jedes Fotos beibehalten</translation>
    </message>
    <message>
        <source>Removed %1. Edit ▸ Undo (Ctrl+Z) brings it back.</source>
        <translation>%1 entfernt. Bearbeiten ▸ Rückgängig (Strg+Z) holt es zurück.</translation>
    </message>
    <message>
        <source>Write &lt;b&gt;&amp;lt;new&amp;gt;&lt;/b&gt; where your subject&apos;s name goes, directly before the class: &quot;%1&quot;. Describe what else is in the photo.</source>
        <translation>Schreiben Sie &lt;b&gt;&amp;lt;new&amp;gt;&lt;/b&gt; dorthin, wo der Name Ihres Motivs steht, direkt vor die Klasse: &quot;%1&quot;. Beschreiben Sie, was sonst noch auf dem Foto ist (auf Englisch).</translation>
    </message>
    <message>
        <source>a &lt;new&gt; dog on the grass</source>
        <translation>a &lt;new&gt; dog on the grass</translation>
    </message>
    <message>
        <source>a &lt;new&gt; %1 on the grass</source>
        <translation>a &lt;new&gt; %1 on the grass</translation>
    </message>
    <message>
        <source>Suggest captions</source>
        <translation>Bildbeschreibungen vorschlagen</translation>
    </message>
    <message>
        <source>Rank the pool&apos;s backgrounds against each photo with CLIP; empty captions get the best one</source>
        <translation>Die Hintergründe des Pools mit CLIP gegen jedes Foto bewerten; leere Bildbeschreibungen erhalten die beste</translation>
    </message>
    <message numerus="yes">
        <source>Suggested captions for %n photo(s): pick one under each caption.</source>
        <translation>
            <numerusform>Bildbeschreibungen für %n Foto vorgeschlagen: Wählen Sie unter der Bildbeschreibung.</numerusform>
            <numerusform>Bildbeschreibungen für %n Fotos vorgeschlagen: Wählen Sie unter jeder Bildbeschreibung.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n empty caption(s) now hold the best suggestion.</source>
        <translation>
            <numerusform>%n leere Bildbeschreibung enthält jetzt den besten Vorschlag.</numerusform>
            <numerusform>%n leere Bildbeschreibungen enthalten jetzt den besten Vorschlag.</numerusform>
        </translation>
    </message>
    <message>
        <source>CLIP finds &quot;%1&quot; the closest name for your subject; set it as the specific class if it fits.</source>
        <translation>CLIP hält „%1“ für den passendsten Namen Ihres Motivs; setzen Sie ihn als genaue Klasse, wenn er passt.</translation>
    </message>
    <message>
        <source>No suggestions: %1</source>
        <translation>Keine Vorschläge: %1</translation>
    </message>
    <message>
        <source>Ranking the pool&apos;s backgrounds against your photos with CLIP…</source>
        <translation>CLIP bewertet die Hintergründe des Pools gegen Ihre Fotos…</translation>
    </message>
    <message>
        <source>Some captions are now the same. Describe each photo&apos;s background (&quot;on a rock&quot;, &quot;in a kitchen&quot;): identical captions overfit. {background} in the template keeps each caption&apos;s background.</source>
        <translation>Einige Bildbeschreibungen sind jetzt gleich. Beschreiben Sie den Hintergrund jedes Fotos („auf einem Felsen“, „in einer Küche“): gleiche Bildbeschreibungen führen zu Überanpassung. {background} in der Vorlage behält den Hintergrund jeder Bildbeschreibung bei.</translation>
    </message>
</context>
<context>
    <name>olis::ui::TrainCharts</name>
    <message>
        <source>Training loss</source>
        <translation>Trainings-Loss</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>geglättet</translation>
    </message>
    <message>
        <source>Metrics of the validation images</source>
        <translation>Metriken der Validierungsbilder</translation>
    </message>
    <message>
        <source>DINO</source>
        <translation>DINO</translation>
    </message>
    <message>
        <source>CLIP-I</source>
        <translation>CLIP-I</translation>
    </message>
    <message>
        <source>CLIP-T</source>
        <translation>CLIP-T</translation>
    </message>
    <message>
        <source>suggested</source>
        <translation>vorgeschlagen</translation>
    </message>
    <message>
        <source>The metric curves appear after the first validation round.</source>
        <translation>Die Metrikkurven erscheinen nach der ersten Validierungsrunde.</translation>
    </message>
    <message>
        <source>No metric models are set: choose CLIP and DINO folders to get the metric curves and a suggested checkpoint.</source>
        <translation>Keine Metrikmodelle festgelegt: Wählen Sie CLIP- und DINO-Ordner, um die Metrikkurven und einen vorgeschlagenen Checkpoint zu erhalten.</translation>
    </message>
    <message>
        <source>No checkpoint can be suggested yet (no scored validation round has a checkpoint).</source>
        <translation>Noch kann kein Checkpoint vorgeschlagen werden (keine bewertete Validierungsrunde hat einen Checkpoint).</translation>
    </message>
    <message>
        <source>Suggested checkpoint: step %1 (DINO %2, CLIP-I %3, CLIP-T %4): the best DINO among the checkpoints whose CLIP-T is within %5 of the best.</source>
        <translation>Vorgeschlagener Checkpoint: Schritt %1 (DINO %2, CLIP-I %3, CLIP-T %4): der beste DINO-Wert unter den Checkpoints, deren CLIP-T höchstens %5 unter dem besten liegt.</translation>
    </message>
    <message>
        <source>Suggested checkpoint: step %1 (DINO %2, CLIP-I %3): the best DINO. CLIP-T was not measured (the CLIP folder has no text tower), so prompt following is not weighed.</source>
        <translation>Vorgeschlagener Checkpoint: Schritt %1 (DINO %2, CLIP-I %3): der beste DINO-Wert. CLIP-T wurde nicht gemessen (der CLIP-Ordner hat keinen Textturm), daher wird die Treue zum Prompt nicht gewichtet.</translation>
    </message>
</context>
<context>
    <name>olis::ui::TrainForm</name>
    <message>
        <source>LoRA, rank 32</source>
        <translation>LoRA, Rang 32</translation>
    </message>
    <message>
        <source>LoRA rank 32 on the UNet and both text encoders, plus the identifier&apos;s embeddings: the paper&apos;s SDXL setting. Small files, quick to train.</source>
        <translation>LoRA mit Rang 32 auf dem UNet und beiden Text-Encodern, dazu die Embeddings des Bezeichners: die SDXL-Einstellung des Papers. Kleine Dateien, schnell trainiert.</translation>
    </message>
    <message>
        <source>Full fine-tune</source>
        <translation>Volles Fine-Tuning</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>die des Modells</translation>
    </message>
    <message>
        <source>only at the end</source>
        <translation>nur am Ende</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Validation images (and, with metric models, DINO / CLIP-I / CLIP-T) every this many steps. Use the checkpoint interval so that the suggested checkpoint can be exported.</source>
        <translation>Validierungsbilder (und, mit Metrikmodellen, DINO / CLIP-I / CLIP-T) alle so viele Schritte. Verwenden Sie das Checkpoint-Intervall, damit der vorgeschlagene Checkpoint exportiert werden kann.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Images of the class, generated by the base model, that keep it from forgetting what other members of the class look like (prior preservation; the paper uses 2000). 0: no prior preservation.</source>
        <translation>Bilder der Klasse, vom Basismodell erzeugt, damit es nicht vergisst, wie andere Vertreter der Klasse aussehen (Prior Preservation; das Paper verwendet 2000). 0: keine Prior Preservation.</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>CUDA when a GPU is available, else the CPU</source>
        <translation>CUDA, wenn eine GPU vorhanden ist, sonst die CPU</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CLIP folder with both towers (optional)</source>
        <translation>CLIP-Ordner mit beiden Türmen (optional)</translation>
    </message>
    <message>
        <source>A CLIP model folder such as openai/clip-vit-base-patch32: its vision tower gives CLIP-I, its text tower CLIP-T.</source>
        <translation>Ein CLIP-Modellordner wie openai/clip-vit-base-patch32: Sein Bildturm liefert CLIP-I, sein Textturm CLIP-T.</translation>
    </message>
    <message>
        <source>DINO ViT-S/16 folder or file (optional)</source>
        <translation>DINO-ViT-S/16-Ordner oder -Datei (optional)</translation>
    </message>
    <message>
        <source>Base &amp;model:</source>
        <translation>&amp;Basismodell:</translation>
    </message>
    <message>
        <source>M&amp;ode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <source>Ste&amp;ps:</source>
        <translation>Sc&amp;hritte:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Lernrate:</translation>
    </message>
    <message>
        <source>Resol&amp;ution:</source>
        <translation>A&amp;uflösung:</translation>
    </message>
    <message>
        <source>&amp;Checkpoint every:</source>
        <translation>&amp;Checkpoint alle:</translation>
    </message>
    <message>
        <source>&amp;Validate every:</source>
        <translation>&amp;Validieren alle:</translation>
    </message>
    <message>
        <source>Re&amp;gularization images:</source>
        <translation>Regularisierungsbil&amp;der:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>Metric models for the sweep</source>
        <translation>Metrikmodelle für den Checkpoint-Vergleich</translation>
    </message>
    <message>
        <source>CL&amp;IP:</source>
        <translation>CL&amp;IP:</translation>
    </message>
    <message>
        <source>DI&amp;NO:</source>
        <translation>DI&amp;NO:</translation>
    </message>
    <message>
        <source>paper default (4000)</source>
        <translation>Vorgabe des Papers (4000)</translation>
    </message>
    <message>
        <source>paper default (8000)</source>
        <translation>Vorgabe des Papers (8000)</translation>
    </message>
    <message>
        <source>paper default (2e-6)</source>
        <translation>Vorgabe des Papers (2e-6)</translation>
    </message>
    <message>
        <source>paper default (1e-4)</source>
        <translation>Vorgabe des Papers (1e-4)</translation>
    </message>
    <message>
        <source>%1 (fix the file; Olis will not overwrite it)</source>
        <translation>%1 (korrigieren Sie die Datei; Olis überschreibt sie nicht)</translation>
    </message>
    <message>
        <source>CLIP-T uses the text tower in %1 (clip_text in training.olis.yaml).</source>
        <translation>CLIP-T verwendet den Textturm in %1 (clip_text in training.olis.yaml).</translation>
    </message>
    <message>
        <source>%1 changed outside Olis; the form shows it as it is now.</source>
        <translation>%1 wurde außerhalb von Olis geändert; das Formular zeigt den aktuellen Stand.</translation>
    </message>
    <message>
        <source>%1 could not be read; fix it first.</source>
        <translation>%1 konnte nicht gelesen werden; korrigieren Sie die Datei zuerst.</translation>
    </message>
    <message>
        <source>Choose a base model (a diffusers folder or a .safetensors file).</source>
        <translation>Wählen Sie ein Basismodell (einen diffusers-Ordner oder eine .safetensors-Datei).</translation>
    </message>
    <message>
        <source>The training settings could not be saved.</source>
        <translation>Die Trainingseinstellungen konnten nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The paper&apos;s for the model</source>
        <translation>Wie im Paper für das Modell</translation>
    </message>
    <message>
        <source>The paper&apos;s setting for the base model: SD 1.x/2.x: full fine-tune, SDXL: LoRA (LoRA for every model with memory_profile 12gb).</source>
        <translation>Die Einstellung des Papers für das Basismodell: SD 1.x/2.x: volles Fine-Tuning, SDXL: LoRA (LoRA für jedes Modell mit memory_profile 12gb).</translation>
    </message>
    <message>
        <source>Every weight of the UNet and the text encoder is trained: the paper&apos;s SD setting. Needs much more memory.</source>
        <translation>Alle Gewichte des UNet und des Text-Encoders werden trainiert: die SD-Einstellung des Papers. Braucht viel mehr Speicher.</translation>
    </message>
    <message>
        <source>paper default (2e-6 full, 1e-4 LoRA)</source>
        <translation>Vorgabe des Papers (2e-6 voll, 1e-4 LoRA)</translation>
    </message>
    <message>
        <source>The learning rate &apos;%1&apos; is not a number.</source>
        <translation>Die Lernrate „%1“ ist keine Zahl.</translation>
    </message>
    <message>
        <source>paper default</source>
        <translation>Vorgabe des Papers</translation>
    </message>
</context>
<context>
    <name>olis::ui::TrainTab</name>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 von %2 erledigt</translation>
    </message>
    <message>
        <source>, about %1 s left</source>
        <translation>, noch etwa %1 s</translation>
    </message>
    <message>
        <source>1. Generate &amp;regularization set</source>
        <translation>1. &amp;Regularisierungssatz erzeugen</translation>
    </message>
    <message>
        <source>2. Tr&amp;ain</source>
        <translation>2. &amp;Trainieren</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Export checkpoint</source>
        <translation>Checkpoint &amp;exportieren</translation>
    </message>
    <message>
        <source>Exports the checkpoint of the selected validation row, or the suggested one</source>
        <translation>Exportiert den Checkpoint der ausgewählten Validierungszeile oder den vorgeschlagenen</translation>
    </message>
    <message>
        <source>Save the project first (File ▸ Save As…): training reads its photos and settings from the project folder.</source>
        <translation>Speichern Sie zuerst das Projekt (Datei ▸ Speichern unter…): Das Training liest seine Fotos und Einstellungen aus dem Projektordner.</translation>
    </message>
    <message>
        <source>Add 4 to 6 photos of the subject first.</source>
        <translation>Fügen Sie zuerst 4 bis 6 Fotos des Motivs hinzu.</translation>
    </message>
    <message>
        <source>Queued: %1</source>
        <translation>In der Warteschlange: %1</translation>
    </message>
    <message numerus="yes">
        <source>Generate %n regularization image(s)</source>
        <translation>
            <numerusform>%n Regularisierungsbild erzeugen</numerusform>
            <numerusform>%n Regularisierungsbilder erzeugen</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>Training fortsetzen</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Step %1 has no checkpoint (it was not a checkpoint step, or an older one was removed). Choose a row marked “checkpoint”.</source>
        <translation>Schritt %1 hat keinen Checkpoint (es war kein Checkpoint-Schritt, oder ein älterer wurde entfernt). Wählen Sie eine mit „Checkpoint“ markierte Zeile.</translation>
    </message>
    <message>
        <source>There is no checkpoint to export yet.</source>
        <translation>Es gibt noch keinen Checkpoint zum Exportieren.</translation>
    </message>
    <message>
        <source>Export checkpoint %1</source>
        <translation>Checkpoint %1 exportieren</translation>
    </message>
    <message>
        <source>Export the newest checkpoint</source>
        <translation>Neuesten Checkpoint exportieren</translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 (smoothed %4) · lr %5 · %6 it/s</source>
        <translation>Schritt %1 von %2 · Loss %3 (geglättet %4) · LR %5 · %6 it/s</translation>
    </message>
    <message>
        <source> · about %1 s left</source>
        <translation> · noch etwa %1 s</translation>
    </message>
    <message>
        <source>Newest checkpoint: step %1</source>
        <translation>Neuester Checkpoint: Schritt %1</translation>
    </message>
    <message>
        <source>Stopped; train again to continue. %1</source>
        <translation>Angehalten; zum Fortsetzen erneut trainieren. %1</translation>
    </message>
    <message>
        <source>Start a &amp;New Run…</source>
        <translation>&amp;Neuen Lauf beginnen…</translation>
    </message>
    <message>
        <source>Keeps the current run (checkpoints, validation images, exports) in a previous-run folder and trains again from the start</source>
        <translation>Legt den aktuellen Lauf (Checkpoints, Validierungsbilder, Exporte) in einem previous-run-Ordner ab und trainiert von vorn</translation>
    </message>
    <message>
        <source>Regularization set first</source>
        <translation>Zuerst der Regularisierungssatz</translation>
    </message>
    <message numerus="yes">
        <source>Training with prior preservation needs the regularization set: %n image(s) of the class, made by the base model. It has not been generated yet.</source>
        <translation>
            <numerusform>Training mit Prior Preservation braucht den Regularisierungssatz: %n Bild der Klasse, vom Basismodell erzeugt. Er wurde noch nicht erzeugt.</numerusform>
            <numerusform>Training mit Prior Preservation braucht den Regularisierungssatz: %n Bilder der Klasse, vom Basismodell erzeugt. Er wurde noch nicht erzeugt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The regularization set (%n image(s) of the class) is not finished yet; generating it again continues where it stopped.</source>
        <translation>
            <numerusform>Der Regularisierungssatz (%n Bild der Klasse) ist noch nicht fertig; erneutes Erzeugen macht dort weiter, wo es aufgehört hat.</numerusform>
            <numerusform>Der Regularisierungssatz (%n Bilder der Klasse) ist noch nicht fertig; erneutes Erzeugen macht dort weiter, wo es aufgehört hat.</numerusform>
        </translation>
    </message>
    <message>
        <source>Generate it now and start training as soon as it is done?</source>
        <translation>Jetzt erzeugen und das Training starten, sobald er fertig ist?</translation>
    </message>
    <message>
        <source>Generate, Then Train</source>
        <translation>Erzeugen, dann trainieren</translation>
    </message>
    <message>
        <source>Generate the regularization set first (button 1), then train.</source>
        <translation>Erzeugen Sie zuerst den Regularisierungssatz (Knopf 1), dann trainieren Sie.</translation>
    </message>
    <message>
        <source>Start a new run</source>
        <translation>Neuen Lauf beginnen</translation>
    </message>
    <message>
        <source>The current run (newest checkpoint: step %1) is kept in a previous-run folder inside %2, with its validation images and exports. Training then starts from the beginning.</source>
        <translation>Der aktuelle Lauf (neuester Checkpoint: Schritt %1) wird mit seinen Validierungsbildern und Exporten in einem previous-run-Ordner in %2 aufbewahrt. Das Training beginnt dann von vorn.</translation>
    </message>
    <message>
        <source>The previous run is kept in %1.</source>
        <translation>Der vorige Lauf liegt in %1.</translation>
    </message>
    <message>
        <source>Continue the current run</source>
        <translation>Aktuellen Lauf fortsetzen</translation>
    </message>
    <message>
        <source>Training goes on from the run&apos;s newest checkpoint; untick it to start again from the beginning</source>
        <translation>Das Training geht vom neuesten Checkpoint des Laufs aus weiter; ohne Häkchen beginnt es von vorn</translation>
    </message>
</context>
<context>
    <name>olis::ui::TrainedResultsCombo</name>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>end of training</source>
        <translation>Ende des Trainings</translation>
    </message>
    <message>
        <source>Trained LoRA (%1)</source>
        <translation>Trainierte LoRA (%1)</translation>
    </message>
    <message>
        <source>Trained model (%1)</source>
        <translation>Trainiertes Modell (%1)</translation>
    </message>
    <message>
        <source>Checkpoint of %1 (exported when first used)</source>
        <translation>Checkpoint von %1 (wird beim ersten Gebrauch exportiert)</translation>
    </message>
    <message>
        <source>Previous run %1: %2</source>
        <translation>Voriger Lauf %1: %2</translation>
    </message>
    <message>
        <source>Base model only</source>
        <translation>Nur das Basismodell</translation>
    </message>
    <message>
        <source>Another LoRA file…</source>
        <translation>Andere LoRA-Datei…</translation>
    </message>
</context>
<context>
    <name>olis::ui::ValidationGrid</name>
    <message>
        <source>A row per validation round, a column per fixed prompt and seed</source>
        <translation>Eine Zeile pro Validierungsrunde, eine Spalte pro festem Prompt und Seed</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>DINO %1, CLIP-I %2, CLIP-T %3</source>
        <translation>DINO %1, CLIP-I %2, CLIP-T %3</translation>
    </message>
    <message>
        <source>seed %1: %2</source>
        <translation>Seed %1: %2</translation>
    </message>
    <message>
        <source>step %1, seed %2: %3</source>
        <translation>Schritt %1, Seed %2: %3</translation>
    </message>
</context>
<context>
    <name>olis::ui::CaptionValidation</name>
    <message>
        <source>The caption is empty; the default caption will be used.</source>
        <translation>Die Bildbeschreibung ist leer; die Standardbeschreibung wird verwendet.</translation>
    </message>
    <message>
        <source>The caption has no &lt;new&gt; placeholder.</source>
        <translation>Der Bildbeschreibung fehlt der Platzhalter &lt;new&gt;.</translation>
    </message>
    <message>
        <source>&lt;new&gt; appears more than once.</source>
        <translation>&lt;new&gt; kommt mehr als einmal vor.</translation>
    </message>
    <message>
        <source>&lt;new&gt; should stand directly before the class name &quot;%1&quot;.</source>
        <translation>&lt;new&gt; sollte direkt vor dem Klassennamen „%1“ stehen.</translation>
    </message>
    <message>
        <source>The class name &quot;%1&quot; does not appear in the caption.</source>
        <translation>Der Klassenname „%1“ kommt in der Bildbeschreibung nicht vor.</translation>
    </message>
    <message>
        <source>The caption is %1 tokens long; CLIP reads only %2 and cuts off the end.</source>
        <translation>Die Bildbeschreibung ist %1 Token lang; CLIP liest nur %2 und schneidet den Rest ab.</translation>
    </message>
    <message>
        <source>Describe the photo, e.g. &quot;a &lt;new&gt; %1 on a table&quot;.</source>
        <translation>Beschreiben Sie das Foto, z. B. &quot;a &lt;new&gt; %1 on a table&quot;.</translation>
    </message>
    <message>
        <source>Write &lt;new&gt; just before the class name, e.g. &quot;a &lt;new&gt; %1 on a rock&quot;.</source>
        <translation>Schreiben Sie &lt;new&gt; direkt vor den Klassennamen, z. B. &quot;a &lt;new&gt; %1 on a rock&quot;.</translation>
    </message>
    <message>
        <source>Keep only one &lt;new&gt;.</source>
        <translation>Behalten Sie nur ein &lt;new&gt;.</translation>
    </message>
    <message>
        <source>Mention the class, e.g. &quot;a &lt;new&gt; %1 in the garden&quot;.</source>
        <translation>Nennen Sie die Klasse, z. B. &quot;a &lt;new&gt; %1 in the garden&quot;.</translation>
    </message>
    <message>
        <source>Shorten the caption.</source>
        <translation>Kürzen Sie die Bildbeschreibung.</translation>
    </message>
    <message>
        <source>The caption still has the template&apos;s {background} placeholder.</source>
        <translation>Die Bildbeschreibung enthält noch den Platzhalter {background} der Vorlage.</translation>
    </message>
    <message>
        <source>Replace {background} with where the photo was taken, e.g. &quot;on a rock&quot;.</source>
        <translation>Ersetzen Sie {background} durch den Ort, an dem das Foto aufgenommen wurde, z. B. „on a rock“.</translation>
    </message>
</context>
<context>
    <name>olis::ui::ModelDetection</name>
    <message>
        <source>No base model chosen.</source>
        <translation>Kein Basismodell gewählt.</translation>
    </message>
    <message>
        <source>diffusers folder</source>
        <translation>diffusers-Ordner</translation>
    </message>
    <message>
        <source>single file</source>
        <translation>Einzeldatei</translation>
    </message>
    <message>
        <source>%1 (assumed)</source>
        <translation>%1 (angenommen)</translation>
    </message>
    <message>
        <source>The model type was not recognised.</source>
        <translation>Der Modelltyp wurde nicht erkannt.</translation>
    </message>
    <message>
        <source>This folder is not a diffusers model folder, but it holds %1: choose that file instead.</source>
        <translation>Dieser Ordner ist kein diffusers-Modellordner, enthält aber %1: Wählen Sie stattdessen diese Datei.</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 holds no model.safetensors.</source>
        <translation>%1 enthält keine model.safetensors.</translation>
    </message>
    <message>
        <source>%1 has no CLIP vision tower (vision_model.* and visual_projection.weight); choose a CLIP model folder such as openai/clip-vit-base-patch32.</source>
        <translation>%1 hat keinen CLIP-Bildturm (vision_model.* und visual_projection.weight); wählen Sie einen CLIP-Modellordner wie openai/clip-vit-base-patch32.</translation>
    </message>
    <message>
        <source>CLIP with vision and text towers: CLIP-I and CLIP-T</source>
        <translation>CLIP mit Bild- und Textturm: CLIP-I und CLIP-T</translation>
    </message>
    <message>
        <source>CLIP vision tower: CLIP-I</source>
        <translation>CLIP-Bildturm: CLIP-I</translation>
    </message>
    <message>
        <source>No text tower in this folder, so CLIP-T (how well images follow their prompts) is not measured and the suggested checkpoint weighs DINO only. Choose the whole CLIP model (e.g. openai/clip-vit-base-patch32, both towers in one folder) to measure it.</source>
        <translation>Kein Textturm in diesem Ordner, daher wird CLIP-T (wie gut Bilder ihrem Prompt folgen) nicht gemessen und der vorgeschlagene Checkpoint berücksichtigt nur DINO. Wählen Sie das ganze CLIP-Modell (z. B. openai/clip-vit-base-patch32, beide Türme in einem Ordner), um es zu messen.</translation>
    </message>
    <message>
        <source>%1 is not a DINO ViT (no cls_token); choose DINO ViT-S/16 weights (facebook/dino-vits16).</source>
        <translation>%1 ist kein DINO-ViT (kein cls_token); wählen Sie DINO-ViT-S/16-Gewichte (facebook/dino-vits16).</translation>
    </message>
    <message>
        <source>Not set.</source>
        <translation>Nicht festgelegt.</translation>
    </message>
    <message>
        <source>DINO ViT: DINO</source>
        <translation>DINO-ViT: DINO</translation>
    </message>
</context>
<context>
    <name>olis::ui::PhotoImport</name>
    <message>
        <source>the file does not exist</source>
        <translation>die Datei existiert nicht</translation>
    </message>
    <message>
        <source>it is not an image Olis can read</source>
        <translation>es ist kein Bild, das Olis lesen kann</translation>
    </message>
    <message>
        <source>it is a %1 image; Olis reads JPEG, PNG and BMP photos, so convert it first</source>
        <translation>es ist ein %1-Bild; Olis liest JPEG-, PNG- und BMP-Fotos, bitte zuerst umwandeln</translation>
    </message>
    <message>
        <source>it is %1×%2 pixels, more than the %3 megapixels Olis reads</source>
        <translation>es hat %1×%2 Pixel, mehr als die %3 Megapixel, die Olis liest</translation>
    </message>
    <message>
        <source>it is %1×%2 pixels: its long side is more than %3 times its short side</source>
        <translation>es hat %1×%2 Pixel: die lange Seite ist mehr als %3-mal so lang wie die kurze</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp)</source>
        <translation>Bilder (*.jpg *.jpeg *.png *.bmp)</translation>
    </message>
</context>
<context>
    <name>olis::ui::SettingTips</name>
    <message>
        <source>full: fine-tune the entire model (UNet and text encoder); lora: rank-r adapters on the UNet and the text encoders plus the identifier&apos;s embedding rows.</source>
        <translation>full: das ganze Modell fein abstimmen (UNet und Text-Encoder); lora: Adapter mit Rang r auf dem UNet und den Text-Encodern, dazu die Embedding-Zeilen des Bezeichners.</translation>
    </message>
    <message>
        <source>full for SD 1.x/2.x, lora for SDXL (the paper); lora for every family with memory_profile 12gb</source>
        <translation>full für SD 1.x/2.x, lora für SDXL (das Paper); lora für jede Modellfamilie mit memory_profile 12gb</translation>
    </message>
    <message>
        <source>Training steps (one photo and one regularization image each).</source>
        <translation>Trainingsschritte (je ein Foto und ein Regularisierungsbild).</translation>
    </message>
    <message>
        <source>4000 for full, 8000 for lora (the paper)</source>
        <translation>4000 für full, 8000 für lora (das Paper)</translation>
    </message>
    <message>
        <source>AdamW learning rate.</source>
        <translation>Lernrate von AdamW.</translation>
    </message>
    <message>
        <source>2e-6 for full, 1e-4 for lora (the paper)</source>
        <translation>2e-6 für full, 1e-4 für lora (das Paper)</translation>
    </message>
    <message>
        <source>Training and validation image size in pixels (square).</source>
        <translation>Bildgröße für Training und Validierung in Pixeln (quadratisch).</translation>
    </message>
    <message>
        <source>the model&apos;s (512 SD 1.x, 768 SD 2.x v-prediction, 1024 SDXL)</source>
        <translation>die des Modells (512 SD 1.x, 768 SD 2.x mit v-Prediction, 1024 SDXL)</translation>
    </message>
    <message>
        <source>%1 Default: %2. (%3)</source>
        <translation>%1 Standard: %2. (%3)</translation>
    </message>
</context>
</TS>
