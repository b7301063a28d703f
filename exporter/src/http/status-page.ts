/**
 * The landing page: one glass card per collector, refreshed from /api/status without a reload.
 * Self-contained (inline CSS and script) so it works behind any proxy and offline.
 */
export function renderStatusPage(options: { version: string; telemetryPath: string }): string {
  const telemetryPath = escapeHtml(options.telemetryPath);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Glass Gallery exporter</title>
<style>
  :root {
    --bg-a: #f3e8ff; --bg-b: #dff3f4; --bg-c: #ffe8dc;
    --card: rgba(255, 255, 255, 0.55); --border: rgba(255, 255, 255, 0.7);
    --text: #1f1b2e; --muted: #5d5670;
    --up: #2e7d5b; --up-tint: #c8f0dc; --down: #b3261e; --down-tint: #ffd9d5;
  }
  @media (prefers-color-scheme: dark) {
    :root {
      --bg-a: #1d1530; --bg-b: #0f2a2c; --bg-c: #2d1b16;
      --card: rgba(40, 34, 58, 0.55); --border: rgba(255, 255, 255, 0.12);
      --text: #ece6f7; --muted: #b3abc6;
      --up: #8ee0b5; --up-tint: rgba(46, 125, 91, 0.35);
      --down: #ffb4ab; --down-tint: rgba(179, 38, 30, 0.35);
    }
  }
  * { box-sizing: border-box; }
  body {
    margin: 0; min-height: 100vh; padding: 32px 20px;
    font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text);
    background: radial-gradient(circle at 10% 10%, var(--bg-a), transparent 55%),
      radial-gradient(circle at 90% 20%, var(--bg-b), transparent 50%),
      radial-gradient(circle at 50% 100%, var(--bg-c), transparent 60%), var(--bg-a);
  }
  main { max-width: 880px; margin: 0 auto; }
  h1 { font-weight: 600; margin: 0 0 4px; }
  .sub { color: var(--muted); margin: 0 0 24px; }
  .grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); }
  .card {
    background: var(--card); border: 1px solid var(--border); border-radius: 20px; padding: 18px;
    backdrop-filter: blur(16px); -webkit-backdrop-filter: blur(16px);
    box-shadow: 0 8px 32px rgba(31, 27, 46, 0.12);
  }
  .name { font-size: 18px; font-weight: 600; }
  .pill {
    display: inline-block; border-radius: 999px; padding: 2px 12px; font-weight: 600;
    font-size: 13px; margin-left: 8px;
  }
  .up .pill { color: var(--up); background: var(--up-tint); }
  .down .pill { color: var(--down); background: var(--down-tint); }
  .problem { margin: 12px 0 4px; }
  .hint, .meta { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
  a { color: inherit; }
</style>
</head>
<body>
<main>
  <h1>Glass Gallery exporter</h1>
  <p class="sub">Version ${escapeHtml(options.version)} · <a href="${telemetryPath}">metrics</a>
    · <span id="updated">loading…</span></p>
  <div class="grid" id="collectors"></div>
</main>
<script>
  const titles = { pihole: 'Pi-hole', docker: 'Docker', mqtt: 'Sensors (MQTT)' };
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  function card(collector) {
    const state = collector.up ? 'up' : 'down';
    const problem = collector.problem
      ? '<p class="problem">' + escape(collector.problem.message) + '</p>' +
        '<p class="hint">' + escape(collector.problem.hint) + '</p>'
      : '';
    const took = collector.durationSeconds === undefined ? ''
      : 'last collect ' + (collector.durationSeconds * 1000).toFixed(1) + ' ms';
    return '<section class="card ' + state + '"><span class="name">' +
      escape(titles[collector.name] || collector.name) +
      '</span><span class="pill">' + state + '</span>' + problem +
      '<p class="meta">' + took + '</p></section>';
  }
  async function refresh() {
    try {
      const response = await fetch('api/status', { cache: 'no-store' });
      const status = await response.json();
      document.getElementById('collectors').innerHTML = status.collectors.map(card).join('');
      document.getElementById('updated').textContent =
        'updated ' + new Date().toLocaleTimeString();
    } catch (err) {
      document.getElementById('updated').textContent = 'exporter unreachable, retrying…';
    }
  }
  refresh();
  setInterval(refresh, 5000);
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
