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
</context>
<context>
    <name>olis::ui::GenerateTab</name>
    <message>
        <source>a photo of olis dog on the beach</source>
        <translation>a photo of olis dog on the beach</translation>
    </message>
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
        <source>none</source>
        <translation>keine</translation>
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
        <source>&amp;LoRA:</source>
        <translation>&amp;LoRA:</translation>
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
        <source>No model loaded: this build of Olis cannot generate images yet. Choose a base model in Settings once the image pipeline is available.</source>
        <translation>Kein Modell geladen: Diese Olis-Version kann noch keine Bilder erzeugen. Wählen Sie ein Basismodell in den Einstellungen, sobald die Bild-Pipeline verfügbar ist.</translation>
    </message>
    <message>
        <source>No model loaded: this build cannot generate images yet.</source>
        <translation>Kein Modell geladen: Diese Version kann noch keine Bilder erzeugen.</translation>
    </message>
    <message>
        <source>No model loaded: choose a base model in Settings (Ctrl+,).</source>
        <translation>Kein Modell geladen: Wählen Sie ein Basismodell in den Einstellungen (Strg+,).</translation>
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
    <message>
        <source>No model loaded: choose a base model (a diffusers folder or a .safetensors file) in Settings.</source>
        <translation>Kein Modell geladen: Wählen Sie in den Einstellungen ein Basismodell (einen diffusers-Ordner oder eine .safetensors-Datei).</translation>
    </message>
    <message numerus="yes">
        <source>Generate %n image(s)</source>
        <translation>
            <numerusform>%n Bild erzeugen</numerusform>
            <numerusform>%n Bilder erzeugen</numerusform>
        </translation>
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
</context>
<context>
    <name>olis::ui::MessageArea</name>
    <message>
        <source>Dismiss these messages</source>
        <translation>Diese Meldungen ausblenden</translation>
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
        <source>a diffusers folder or a .safetensors file</source>
        <translation>ein diffusers-Ordner oder eine .safetensors-Datei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Diffusers folder…</source>
        <translation>diffusers-Ordner…</translation>
    </message>
    <message>
        <source>Single .safetensors file…</source>
        <translation>Einzelne .safetensors-Datei…</translation>
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
        <source>the project&apos;s outputs folder</source>
        <translation>der Ausgabeordner des Projekts</translation>
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
        <source>Detected:</source>
        <translation>Erkannt:</translation>
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
        <source>&amp;Output folder:</source>
        <translation>&amp;Ausgabeordner:</translation>
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
        <source>Choose a diffusers model folder</source>
        <translation>diffusers-Modellordner wählen</translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation>Modelldatei wählen</translation>
    </message>
    <message>
        <source>Safetensors (*.safetensors)</source>
        <translation>Safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>Ausgabeordner wählen</translation>
    </message>
    <message>
        <source>No base model chosen. Generation and training need one.</source>
        <translation>Kein Basismodell gewählt. Erzeugen und Training brauchen eines.</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
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
        <source>{class} is replaced by the class name.</source>
        <translation>{class} wird durch den Klassennamen ersetzt.</translation>
    </message>
    <message>
        <source>Apply to all</source>
        <translation>Auf alle anwenden</translation>
    </message>
    <message>
        <source>Replace every caption with this template</source>
        <translation>Jede Bildbeschreibung durch diese Vorlage ersetzen</translation>
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
        <source>Write &lt;b&gt;&amp;lt;new&amp;gt;&lt;/b&gt; where your subject&apos;s name goes, directly before the class: &quot;a &amp;lt;new&amp;gt; dog on the grass&quot;. Describe what else is in the photo.</source>
        <translation>Schreiben Sie &lt;b&gt;&amp;lt;new&amp;gt;&lt;/b&gt; dorthin, wo der Name Ihres Motivs steht, direkt vor die Klasse: &quot;a &amp;lt;new&amp;gt; dog on the grass&quot;. Beschreiben Sie, was sonst noch auf dem Foto ist (auf Englisch).</translation>
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
        <source>a diffusers folder or a .safetensors file</source>
        <translation>ein diffusers-Ordner oder eine .safetensors-Datei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>LoRA rank 32 + identifier embeddings (the paper&apos;s SDXL setting)</source>
        <translation>LoRA-Rang 32 + Kennungs-Embeddings (SDXL-Einstellung aus dem Paper)</translation>
    </message>
    <message>
        <source>Full fine-tune of the UNet (the paper&apos;s SD setting)</source>
        <translation>Vollständiges Fine-Tuning des UNet (SD-Einstellung aus dem Paper)</translation>
    </message>
    <message>
        <source>paper default (8000 LoRA, 4000 full)</source>
        <translation>Vorgabe aus dem Paper (8000 LoRA, 4000 vollständig)</translation>
    </message>
    <message>
        <source>paper default (1e-4 LoRA, 2e-6 full)</source>
        <translation>Vorgabe aus dem Paper (1e-4 LoRA, 2e-6 vollständig)</translation>
    </message>
    <message>
        <source>the model&apos;s (512, 768 or 1024)</source>
        <translation>Vorgabe des Modells (512, 768 oder 1024)</translation>
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
        <source>none (no prior preservation)</source>
        <translation>keine (ohne Prior Preservation)</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>Automatisch (CUDA, wenn vorhanden)</translation>
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
        <source>CLIP ViT-B/32 folder (optional)</source>
        <translation>CLIP-ViT-B/32-Ordner (optional)</translation>
    </message>
    <message>
        <source>DINO ViT-S/16 folder or file (optional)</source>
        <translation>DINO-ViT-S/16-Ordner oder -Datei (optional)</translation>
    </message>
    <message>
        <source>Continue the existing run from its newest checkpoint</source>
        <translation>Bestehenden Lauf fortsetzen (ab seinem neuesten Checkpoint)</translation>
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
        <source>A row per validation round, a column per fixed prompt and seed</source>
        <translation>Eine Zeile pro Validierungsrunde, eine Spalte pro festem Prompt und Seed</translation>
    </message>
    <message>
        <source>Choose a base model</source>
        <translation>Basismodell wählen</translation>
    </message>
    <message>
        <source>Models (model_index.json *.safetensors)</source>
        <translation>Modelle (model_index.json *.safetensors)</translation>
    </message>
    <message>
        <source>%1 (fix the file; Olis will not overwrite it)</source>
        <translation>%1 (korrigieren Sie die Datei; Olis überschreibt sie nicht)</translation>
    </message>
    <message>
        <source>Save the project first (File ▸ Save As…): training reads its photos and settings from the project folder.</source>
        <translation>Speichern Sie zuerst das Projekt (Datei ▸ Speichern unter…): Das Training liest seine Fotos und Einstellungen aus dem Projektordner.</translation>
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
        <source>Add 4 to 6 photos of the subject first.</source>
        <translation>Fügen Sie zuerst 4 bis 6 Fotos des Motivs hinzu.</translation>
    </message>
    <message>
        <source>The training settings could not be saved.</source>
        <translation>Die Trainingseinstellungen konnten nicht gespeichert werden.</translation>
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
        <source>%1 holds checkpoints of an earlier run. Tick “Continue the existing run”, or remove that folder to start over.</source>
        <translation>%1 enthält Checkpoints eines früheren Laufs. Setzen Sie das Häkchen bei „Bestehenden Lauf fortsetzen“ oder entfernen Sie diesen Ordner, um neu zu beginnen.</translation>
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
        <source>The metric curves appear after the first validation round.</source>
        <translation>Die Metrikkurven erscheinen nach der ersten Validierungsrunde.</translation>
    </message>
    <message>
        <source>No metric models are set: choose CLIP and DINO folders to get the metric curves and a suggested checkpoint.</source>
        <translation>Keine Metrikmodelle festgelegt: Wählen Sie CLIP- und DINO-Ordner, um die Metrikkurven und einen vorgeschlagenen Checkpoint zu erhalten.</translation>
    </message>
    <message>
        <source>Suggested checkpoint: step %1 (DINO %2, CLIP-I %3, CLIP-T %4): the best DINO among the checkpoints whose CLIP-T is within %5 of the best.</source>
        <translation>Vorgeschlagener Checkpoint: Schritt %1 (DINO %2, CLIP-I %3, CLIP-T %4): der beste DINO-Wert unter den Checkpoints, deren CLIP-T höchstens %5 unter dem besten liegt.</translation>
    </message>
    <message>
        <source>No checkpoint can be suggested yet (no scored validation round has a checkpoint).</source>
        <translation>Noch kann kein Checkpoint vorgeschlagen werden (keine bewertete Validierungsrunde hat einen Checkpoint).</translation>
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
        <source>Suggested checkpoint: step %1 (DINO %2, CLIP-I %3): the best DINO. CLIP-T is not measured (the CLIP folder has no text tower), so prompt following is not weighed.</source>
        <translation>Vorgeschlagener Checkpoint: Schritt %1 (DINO %2, CLIP-I %3): der beste DINO-Wert. CLIP-T wird nicht gemessen (der CLIP-Ordner enthält keinen Text-Encoder), daher fließt die Prompt-Treue nicht ein.</translation>
    </message>
    <message>
        <source>Stopped; train again to continue. %1</source>
        <translation>Angehalten; zum Fortsetzen erneut trainieren. %1</translation>
    </message>
    <message>
        <source>%1 changed outside Olis; the form shows it as it is now.</source>
        <translation>%1 wurde außerhalb von Olis geändert; das Formular zeigt den aktuellen Stand.</translation>
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
</TS>
