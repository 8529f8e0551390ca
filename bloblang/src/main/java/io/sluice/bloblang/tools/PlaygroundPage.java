package io.sluice.bloblang.tools;

/** The playground's single page: plain HTML, CSS and JavaScript, no external resources. */
final class PlaygroundPage {
    private PlaygroundPage() {
    }

    static final String HTML = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Sluice Bloblang playground</title>
            <style>
              :root { --bg:#101418; --panel:#171d23; --fg:#d8dee4; --muted:#7d8893; --accent:#4fb3a9; --err:#e5534b; }
              * { box-sizing: border-box; }
              body { margin:0; font:14px/1.45 system-ui, sans-serif; background:var(--bg); color:var(--fg); height:100vh; display:flex; flex-direction:column; }
              header { padding:8px 14px; display:flex; gap:16px; align-items:baseline; border-bottom:1px solid #252d35; }
              header h1 { font-size:16px; margin:0; color:var(--accent); }
              header span { color:var(--muted); font-size:12px; }
              main { flex:1; display:grid; grid-template-columns: 1fr 1.3fr 1fr; gap:8px; padding:8px; min-height:0; }
              section { background:var(--panel); border:1px solid #252d35; border-radius:6px; display:flex; flex-direction:column; min-height:0; }
              section h2 { font-size:12px; text-transform:uppercase; letter-spacing:.08em; color:var(--muted); margin:0; padding:6px 10px; border-bottom:1px solid #252d35; }
              textarea, pre { flex:1; margin:0; border:0; outline:none; resize:none; background:transparent; color:var(--fg);
                              font:13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; padding:8px 10px; white-space:pre; overflow:auto; tab-size:2; }
              .editor { flex:1; display:flex; min-height:0; }
              .gutter { padding:8px 6px; text-align:right; color:var(--muted); font:13px/1.5 ui-monospace, monospace; user-select:none; overflow:hidden; min-width:2.6em; border-right:1px solid #252d35; }
              .gutter div.bad { background:var(--err); color:#fff; border-radius:3px; }
              #meta { flex:0 0 30%; border-top:1px solid #252d35; }
              .left { display:flex; flex-direction:column; }
              section.error { border-color:var(--err); }
              section.error pre { color:var(--err); }
              #status { color:var(--muted); font-size:12px; margin-left:auto; }
              .deleted { color:var(--muted); font-style:italic; }
            </style>
            </head>
            <body>
            <header><h1>Bloblang playground</h1><span>mapping runs as you type; the output shows the new message body and metadata</span><span id="status"></span></header>
            <main>
              <section class="left">
                <h2>Input</h2>
                <textarea id="input" spellcheck="false">{"id":"wat1","message":"hello world","tags":["a","b"]}</textarea>
                <h2>Input metadata (JSON object)</h2>
                <textarea id="meta" spellcheck="false">{"kafka_topic":"events"}</textarea>
              </section>
              <section>
                <h2>Mapping</h2>
                <div class="editor"><div class="gutter" id="gutter"></div>
                <textarea id="mapping" spellcheck="false">root.id = this.id
            root.message = this.message.uppercase()
            root.tag_count = this.tags.length()
            meta topic = @kafka_topic</textarea></div>
              </section>
              <section id="outbox">
                <h2>Output</h2>
                <pre id="output"></pre>
              </section>
            </main>
            <script>
            const $ = id => document.getElementById(id);
            const mapping = $('mapping'), input = $('input'), meta = $('meta'), output = $('output'), gutter = $('gutter');
            let timer = null, seq = 0;
            function lines(bad) {
              const n = mapping.value.split('\\n').length;
              let html = '';
              for (let i = 1; i <= n; i++) html += '<div' + (i === bad ? ' class="bad"' : '') + '>' + i + '</div>';
              gutter.innerHTML = html;
              gutter.scrollTop = mapping.scrollTop;
            }
            function escapeHtml(s) { return s.replace(/[&<>]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;'}[c])); }
            async function run() {
              const id = ++seq;
              let metadata = {};
              try { metadata = meta.value.trim() ? JSON.parse(meta.value) : {}; } catch (e) { show({error: 'metadata is not a JSON object: ' + e.message}); return; }
              $('status').textContent = 'running...';
              const res = await fetch('/execute', {method:'POST', headers:{'Content-Type':'application/json'},
                body: JSON.stringify({mapping: mapping.value, input: input.value, metadata})});
              const body = await res.json();
              if (id === seq) show(body);
            }
            function pretty(text) { try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; } }
            function show(r) {
              const box = $('outbox');
              $('status').textContent = '';
              if (r.error) {
                box.classList.add('error');
                output.textContent = r.error;
                lines(r.error_line || 0);
                return;
              }
              box.classList.remove('error');
              lines(0);
              let html = r.deleted ? '<span class="deleted">&lt;message deleted&gt;</span>' : escapeHtml(pretty(r.result));
              if (r.metadata && Object.keys(r.metadata).length) html += '\\n\\n<span class="deleted">metadata</span>\\n' + escapeHtml(JSON.stringify(r.metadata, null, 2));
              output.innerHTML = html;
            }
            function schedule() { lines(0); clearTimeout(timer); timer = setTimeout(run, 200); }
            [mapping, input, meta].forEach(el => el.addEventListener('input', schedule));
            mapping.addEventListener('scroll', () => gutter.scrollTop = mapping.scrollTop);
            mapping.addEventListener('keydown', e => {
              if (e.key === 'Tab') { e.preventDefault(); const s = mapping.selectionStart;
                mapping.setRangeText('  ', s, mapping.selectionEnd, 'end'); schedule(); }
            });
            schedule();
            </script>
            </body>
            </html>
            """;
}
