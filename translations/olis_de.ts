<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>olis::ui::CaptionEditor</name>
    <message>
        <source>a &lt;new&gt; dog on the grass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:palette(mid)&apos;&gt;Set the class of your subject to check captions.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e7d32&apos;&gt;✔ Good caption&lt;/span&gt; &lt;span style=&apos;color:palette(mid)&apos;&gt;(about %1 of %2 tokens)&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::GenerateTab</name>
    <message>
        <source>a photo of olis dog on the beach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blurry, low quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Euler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Euler ancestral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DDIM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPM-Solver++ 2M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click an image to open it large with its parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated images appear here. Click one to open it large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;mpler:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;teps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G&amp;uidance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;LoRA:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a LoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA weights (*.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampler: %1, %2 steps, guidance %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed: %1, size %2 × %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded: this build of Olis cannot generate images yet. Choose a base model in Settings once the image pipeline is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded: this build cannot generate images yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded: choose a base model in Settings (Ctrl+,).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::ImageViewer</name>
    <message>
        <source>%1 — Olis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::JobQueuePanel</name>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages from running jobs appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected job at its next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>started</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::MainWindow</name>
    <message>
        <source>S&amp;ubject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool file saved; sample again to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Photo &amp;Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sample Prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+G</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Selected Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;All Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Job Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Olis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1[*] — Olis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Olis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the new project before closing it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an Olis project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Olis projects (project.olis.yaml *.yaml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

The file was not changed. Fix it in a text editor, or open another project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder for the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Olis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Olis %1&lt;/h3&gt;&lt;p&gt;Teaches a text-to-image diffusion model your subject from 4 to 6 photos, with DreamBooth and a structured regularization set.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::MessageArea</name>
    <message>
        <source>Dismiss these messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::PhotoListView</name>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this photo from the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No preview</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::PoolView</name>
    <message>
        <source>Objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Living (animals)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Styles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. lumpy, or &quot;on a picnic blanket&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add to pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remo&amp;ve from pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo selected change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompts are built from these pools. Expand a slot to see its entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your pool file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slot:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes are saved to %1; the shipped pools stay as they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>styles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>photographic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>artistic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read from: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your pool file edits the %1 pool; one file edits one kind.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::ProjectController</name>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project has no folder yet; use Save As.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the photo %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not added: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the same photo as %2; it was not added again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2×%3 pixels; Olis needs at least %4 pixels on the short side for sharp results. It was added, but a larger photo would be better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Added %n photo(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Drop 4 to 6 photos of your subject here, or use Add Photos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s). DreamBooth learns a subject best from 4 to 6 photos; add a few more if you can.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photos. More than 6 rarely helps and makes training slower; consider keeping the best 6.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::PromptPreviewTab</name>
    <message>
        <source>From captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photoreal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Styled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many regularization prompts to sample (training uses about 200 per photo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reseed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a new random seed and sample again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show with adjective &amp;dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>During training each adjective is left out at random; this shows prompts as the model will see them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability that an adjective is left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export manifest…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the class of your subject on the Subject tab first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Sample to see the regularization prompts for your subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 prompts&lt;/b&gt;: %2 from captions · %3 photoreal · %4 styled (20 / 60 / 20)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the prompt manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n prompt(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>olis::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a diffusers folder or a .safetensors file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusers folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single .safetensors file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>32-bit float (fp32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>16-bit float (fp16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bfloat16 (bf16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the project&apos;s outputs folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies the next time Olis starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Output folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a diffusers model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safetensors (*.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No base model chosen. Generation and training need one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::SubjectPanel</name>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Living (animal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rare word that will stand for your subject in prompts (&lt;new&gt; in captions).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. dog, backpack, stuffed animal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A more specific name helps the model: &quot;bear plushie&quot; rather than &quot;stuffed animal&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same as the class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Identifier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Specific name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is vague; a specific name such as &quot;%2&quot; gives better results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type what your subject is, e.g. &quot;dog&quot; or &quot;backpack&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A &quot;%1&quot; looks like: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::SubjectTab</name>
    <message>
        <source>{class} is replaced by the class name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply to all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace every caption with this template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import .txt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read captions from .txt files named like the photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export .txt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write each caption to a .txt file next to its photo in the project, for other trainers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write &lt;b&gt;&amp;lt;new&amp;gt;&lt;/b&gt; where your subject&apos;s name goes, directly before the class: &quot;a &amp;lt;new&amp;gt; dog on the grass&quot;. Describe what else is in the photo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Template applied to %n caption(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Folder with .txt captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Read %n caption(s) from .txt files.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Save the project first: captions are written next to the project&apos;s copies of the photos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captions written as .txt files in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) — a good number for DreamBooth.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Add photos of your subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder of photos</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::CaptionValidation</name>
    <message>
        <source>The caption is empty; the default caption will be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The caption has no &lt;new&gt; placeholder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;new&gt; appears more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;new&gt; should stand directly before the class name &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The class name &quot;%1&quot; does not appear in the caption.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The caption is %1 tokens long; CLIP reads only %2 and cuts off the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe the photo, e.g. &quot;a &lt;new&gt; %1 on a table&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write &lt;new&gt; just before the class name, e.g. &quot;a &lt;new&gt; %1 on a rock&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep only one &lt;new&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mention the class, e.g. &quot;a &lt;new&gt; %1 in the garden&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shorten the caption.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::ModelDetection</name>
    <message>
        <source>No base model chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diffusers folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>single file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (assumed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model type was not recognised.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>olis::ui::PhotoImport</name>
    <message>
        <source>the file does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not an image Olis can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its image size cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
