"""The report's Jinja2 templates and style sheet, kept as strings so they ship with the code.

`base.html` is the page: a Content-Security-Policy that forbids every script and every
outside fetch (a second wall behind the escaping), the inline style sheet (screen and
print), a header, a table of contents and a footer of definitions. The three reports
extend it. User and scenario text always goes through the `u` filter (escaped, visible,
isolated in `<bdi>`); charts arrive as ready `Markup` from `svg.py`.
"""

from __future__ import annotations

STYLE = """
:root { --ink:#18212f; --muted:#5b6676; --line:#dde2ea; --soft:#f3f5f8; --accent:#2451b7;
  --accent-soft:#dfe7f8; --bad:#a3261b; --bad-soft:#f8e3e0; --good:#1e6b3a; --page:#ffffff; }
* { box-sizing: border-box; }
html { background: var(--soft); }
body { margin: 0; color: var(--ink); background: var(--soft);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Noto Sans Arabic", sans-serif; }
.wrap { max-width: 1060px; margin: 0 auto; padding: 0 28px; }
header.top { background: #14213d; color: #fff; padding: 30px 0 26px; }
header.top .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: #b9c6e4; margin: 0 0 6px; }
header.top h1 { margin: 0 0 8px; font-size: 30px; line-height: 1.2; overflow-wrap: anywhere; }
header.top .meta { margin: 0; color: #d3dbee; font-size: 13px; overflow-wrap: anywhere; }
nav.toc { background: var(--page); border-bottom: 1px solid var(--line); }
nav.toc ol { list-style: none; margin: 0; padding: 10px 0; display: flex; flex-wrap: wrap; gap: 4px 22px; font-size: 14px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover, nav.toc a:focus { text-decoration: underline; }
main { padding: 8px 0 32px; }
section.card { background: var(--page); border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px 22px; margin: 20px 0; }
h2 { font-size: 20px; margin: 0 0 4px; }
h3 { font-size: 16px; margin: 22px 0 6px; }
h3 code { font-size: 15px; }
p.lead { color: var(--muted); margin: 0 0 14px; max-width: 78ch; }
p { max-width: 86ch; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin: 18px 0 0; }
.figures div { background: var(--page); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.figures dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.figures dd { margin: 2px 0 0; font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figures dd small { font-size: 13px; font-weight: 400; color: var(--muted); }
table { width: 100%; border-collapse: collapse; margin: 10px 0 4px; font-size: 14px; }
caption { text-align: left; color: var(--muted); font-size: 13px; padding: 0 0 6px; caption-side: top; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1px solid #c9d0db; }
tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: #fafbfc; }
tbody th { font-weight: 600; }
tbody th.reply { font-weight: 400; }
td code { white-space: nowrap; }
.nowrap { white-space: nowrap; }
.scroll { overflow-x: auto; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text, th.text { overflow-wrap: anywhere; word-break: break-word; }
.wide { overflow-wrap: anywhere; word-break: break-word; }
bdi { overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px;
  background: var(--soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
.band { display: inline-block; min-width: 58px; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 650;
  text-align: center; border: 1px solid; white-space: nowrap; }
.band-gold { background: #fbf1cf; border-color: #c99a1a; color: #6b4d00; }
.band-silver { background: #eef0f3; border-color: #9aa3ae; color: #3d4652; }
.band-bronze { background: #f6e4d6; border-color: #b8723d; color: #6b3a12; }
.band-none { background: #fff; border-color: #c5cbd4; color: var(--muted); border-style: dashed; }
.flag { color: var(--bad); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.muted { color: var(--muted); }
figure { margin: 14px 0 6px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; fill: var(--ink); }
svg.chart .label { fill: var(--ink); }
svg.chart .value { fill: var(--ink); font-weight: 600; }
svg.chart .axis { fill: var(--muted); font-size: 11px; }
svg.chart .track { fill: #eef1f5; }
svg.chart .bar { fill: var(--accent); }
svg.chart .bar.negative { fill: #c2410c; }
svg.chart .grid { stroke: #e6e9ee; stroke-width: 1; }
svg.chart .reference { stroke: #9aa3ae; stroke-width: 1; stroke-dasharray: 4 4; }
svg.chart .axis-line { stroke: #8b95a3; stroke-width: 1; }
svg.chart .line { fill: none; stroke: var(--accent); stroke-width: 2.2; }
svg.chart .point { fill: #fff; stroke: var(--accent); stroke-width: 2; }
.skills { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px 22px; }
.skills figure { margin: 8px 0; }
.prompt { border-left: 3px solid var(--accent-soft); margin: 4px 0 8px; padding: 2px 0 2px 12px; color: #2d3848; }
.prompt p { margin: 2px 0; }
.prompt .who { font-weight: 600; color: var(--muted); }
.note { background: var(--accent-soft); border-radius: 8px; padding: 10px 14px; font-size: 14px; }
footer { color: var(--muted); font-size: 13px; padding: 8px 0 40px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
footer dt { font-weight: 600; color: var(--ink); }
footer dd { margin: 0; max-width: 90ch; }
.grade { display: inline-block; min-width: 62px; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 650;
  text-align: center; border: 1px solid; white-space: nowrap; }
.grade-best { background: #d7f0df; border-color: #2f8a4f; color: #14532d; }
.grade-good { background: #eef7f1; border-color: #8cc2a0; color: #1e6b3a; }
.grade-slip { background: #fbf1cf; border-color: #c99a1a; color: #6b4d00; }
.grade-mistake { background: #fde4d0; border-color: #c2410c; color: #7c2d12; }
.grade-blunder { background: #f8e3e0; border-color: #a3261b; color: #7f1d1d; }
.grade-none { background: #fff; border-color: #c5cbd4; color: var(--muted); border-style: dashed; }
h4 { font-size: 15px; margin: 20px 0 4px; font-weight: 600; overflow-wrap: anywhere; }
.review { border-top: 1px solid var(--line); margin-top: 14px; }
td a { color: var(--accent); }
table.graded { table-layout: fixed; }
table.graded th.turn { width: 4.5em; }
table.graded th.verdict { width: 26%; }
.decision { border-top: 1px solid var(--line); margin-top: 18px; }
.decision:first-of-type { border-top: 0; }
@media print {
  html, body { background: #fff; font-size: 11pt; }
  header.top { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 10px; }
  header.top .kicker, header.top .meta { color: #333; }
  nav.toc { display: none; }
  section.card { border: 0; border-top: 1px solid #999; border-radius: 0; padding: 10px 0; margin: 10px 0; }
  .wrap { max-width: none; padding: 0; }
  figure, tr, .figures div, .decision h3, .prompt { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""

BASE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Service Dojo {{ version }}">
<title>{{ title_text|plain }}</title>
<style>{{ style }}</style>
</head>
<body>
<header class="top"><div class="wrap">
<p class="kicker">Service Dojo · {{ kind }} report</p>
<h1>{% block heading %}{% endblock %}</h1>
<p class="meta">Generated {{ generated|when }} UTC from {{ source|u }} · {{ counted }} run(s) counted{% if excluded %} · {{ excluded }} left out (see the end){% endif %}</p>
</div></header>
<nav class="toc" aria-label="Contents"><div class="wrap"><ol>
{% for anchor, label in contents %}<li><a href="#{{ anchor }}">{{ label }}</a></li>{% endfor %}
</ol></div></nav>
<main class="wrap">
{% block body %}{% endblock %}
</main>
<footer class="wrap" id="reading">
<h2>How to read this report</h2>
<dl>
{% for term, meaning in definitions %}<dt>{{ term }}</dt><dd>{{ meaning }}</dd>{% endfor %}
</dl>
{% if excluded %}<p>{{ excluded }} run(s) or save(s) were left out of every figure: {{ excluded_why }}</p>{% endif %}
</footer>
</body>
</html>
"""

MACROS = """
{% macro band(name) -%}
{%- if name -%}<span class="band band-{{ name|lower }}">{{ name|band }}</span>
{%- else -%}<span class="band band-none">no band</span>{%- endif -%}
{%- endmacro %}

{% macro figures(items) -%}
<dl class="figures">
{% for label, value, detail in items %}<div><dt>{{ label }}</dt><dd>{{ value }}{% if detail %} <small>{{ detail }}</small>{% endif %}</dd></div>{% endfor %}
</dl>
{%- endmacro %}

{% macro chart(svg, caption) -%}
<figure>{{ svg }}<figcaption>{{ caption }}</figcaption></figure>
{%- endmacro %}
"""

PLAYER = """{% extends "base.html" %}{% import "macros.html" as m %}
{% block heading %}{{ player|u }}{% endblock %}
{% block body %}
<section class="card" id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p class="lead">{{ player|u }}{% if cohort %}, cohort {{ cohort|u }}{% endif %}{% if team %}, team {{ team|u }}{% endif %}:
{{ figures.runs }} finished run(s) of {{ figures.scenarios }} scenario(s){% if first_at %}, from {{ first_at|when }} to {{ last_at|when }}{% endif %}.
{{ board_line }}</p>
{{ m.figures(figure_items) }}
</section>

<section class="card" id="trend" aria-labelledby="trend-h">
<h2 id="trend-h">Score over time</h2>
<p class="lead">Ranked and practice runs are shown apart: a practice run (coaching, undo) is not compared with a ranked one. A trend compares each run only with earlier runs of the same scenario, so playing a harder scenario after an easy one is not read as a fall.</p>
{% for row in overall_rows %}<p>{{ row.line }}</p>
{{ m.chart(row.chart, row.line ~ " Dashed lines mark the band thresholds (Gold also needs a floor in every trained skill).") }}
{% else %}<p>No counted runs yet.</p>{% endfor %}
</section>

<section class="card" id="skills" aria-labelledby="skills-h">
<h2 id="skills-h">Trend per skill</h2>
<p class="lead">Each skill's percent run by run, ranked and practice runs apart. The trend is the least-squares change from a scenario's first run to its latest, fitted over the scenarios played more than once in that mode (like with like); under 5 points either way counts as steady, and "no repeat" means no scenario was played twice yet.</p>
<table>
<caption>Skills, oldest run to latest, per mode</caption>
<thead><tr><th scope="col">Skill</th><th scope="col" class="num">Runs</th><th scope="col" class="num">First</th><th scope="col" class="num">Latest</th><th scope="col" class="num">Mean</th><th scope="col">Trend</th></tr></thead>
<tbody>
{% for mode_title, rows in skill_groups %}<tr><th scope="rowgroup" colspan="6">{{ mode_title }}</th></tr>
{% for row in rows %}<tr><th scope="row">{{ row.title }}</th><td class="num">{{ row.count }}</td><td class="num">{{ row.first|pct }}</td><td class="num">{{ row.latest|pct }}</td><td class="num">{{ row.mean|pct }}</td><td>{{ row.trend }}</td></tr>
{% endfor %}{% else %}<tr><td colspan="6">No skill scores recorded.</td></tr>{% endfor %}
</tbody></table>
<div class="skills">
{% for mode_title, rows in skill_groups %}{% for row in rows %}{{ m.chart(row.chart, mode_title ~ ", " ~ row.title ~ ": " ~ row.trend) }}{% endfor %}{% endfor %}
</div>
</section>

<section class="card" id="bands" aria-labelledby="bands-h">
<h2 id="bands-h">Bands and scenarios</h2>
<p class="lead">Bands reached: {{ band_line }}.</p>
<table>
<caption>Per scenario: runs, best and latest score</caption>
<thead><tr><th scope="col">Scenario</th><th scope="col" class="num">Runs</th><th scope="col" class="num">Best</th><th scope="col">Best band</th><th scope="col" class="num">Latest</th></tr></thead>
<tbody>
{% for row in scenario_rows %}<tr><th scope="row" class="text">{{ row.title|u }} <code>{{ row.id|u }}</code></th><td class="num">{{ row.runs }}</td><td class="num">{{ row.best|pct }}</td><td>{{ m.band(row.band) }}</td><td class="num">{{ row.latest|pct }}</td></tr>
{% endfor %}
</tbody></table>
</section>

<section class="card" id="runs" aria-labelledby="runs-h">
<h2 id="runs-h">Runs</h2>
<p class="lead">Every finished run, newest first. Flagged runs failed replay verification; unreadable runs have a missing or damaged scenario copy: both are listed here but left out of every figure. A run's date leads to its review below.</p>
<table>
<caption>{{ run_rows|length }} run(s)</caption>
<thead><tr><th scope="col">Finished (UTC)</th><th scope="col">Scenario</th><th scope="col">Mode</th><th scope="col" class="num">Score</th><th scope="col">Band</th><th scope="col">Ending</th><th scope="col" class="num">Replies</th><th scope="col">Status</th></tr></thead>
<tbody>
{% for run in run_rows %}<tr><td class="num">{% if run.anchor %}<a href="#{{ run.anchor }}">{{ run.finished_at|when }}</a>{% else %}{{ run.finished_at|when }}{% endif %}</td><td class="text"><code>{{ run.scenario_id|u }}</code></td><td>{{ run.mode }}</td><td class="num">{{ run.percent|pct }}</td><td>{{ m.band(run.band) }}</td><td class="text">{{ run.ending_title|u }} <span class="muted">({{ run.outcome|outcome if run.outcome else "unknown" }})</span></td><td class="num">{{ "–" if run.replies is none else run.replies }}</td><td>{% if run.status == "verified" %}verified{% else %}<span class="flag">{{ run.status }}</span>{% endif %}</td></tr>
{% endfor %}
</tbody></table>

<h3 id="review-h">Each reply, graded</h3>
<p class="lead">Each reply is graded against the best reply on offer at that moment, as the debrief grades it:
{% for grade, meaning in grade_words %}<span class="nowrap"><span class="grade grade-{{ grade }}">{{ grade }}</span> {{ meaning }}</span>{{ "; " if not loop.last else "." }}
{% endfor %}Below good, the better reply is shown.
{% if run_rows|length > review_limit %}Reviewed here: the {{ review_limit }} most recent of {{ run_rows|length }} runs; the {{ run_rows|length - review_limit }} older run(s) are in the table above only.{% endif %}</p>
{% for run in run_rows if run.review %}<div class="review" id="{{ run.anchor }}">
<h4>{{ run.finished_at|when }} UTC · <code>{{ run.scenario_id|u }}</code> <span class="muted">· {{ run.percent|pct }}, {{ run.band|band if run.band else "no band" }} · {{ run.ending_title|u }}{% if run.status != "verified" %} · {{ run.status }}{% endif %}</span></h4>
{% if run.review.problem %}<p class="note">No review: {{ run.review.problem|u }}.</p>
{% else %}<table class="graded">
<caption>{{ run.review.lines|length }} repl{{ "y" if run.review.lines|length == 1 else "ies" }}</caption>
<thead><tr><th scope="col" class="num turn">Turn</th><th scope="col" class="said">Reply given</th><th scope="col" class="verdict">Grade</th><th scope="col" class="said">Better here</th></tr></thead>
<tbody>
{% for line in run.review.lines %}<tr><td class="num">{{ line.row.turn }}</td><td class="text">{{ line.row.text|u }}</td><td><span class="grade grade-{{ line.grade.kind }}">{{ line.grade.label }}</span> <span class="muted">{{ line.grade.meaning }}{% if line.row.loss %} (gave up {{ "%.1f"|format(line.row.loss) }} points){% endif %}</span></td><td class="text">{% if line.row.better_text is not none %}{{ line.row.better_text|u }}{% else %}<span class="muted">–</span>{% endif %}</td></tr>
{% endfor %}
</tbody></table>
{% endif %}
</div>
{% endfor %}
</section>

<section class="card" id="unfinished" aria-labelledby="unfinished-h">
<h2 id="unfinished-h">Unfinished</h2>
{% if saves %}<table>
<caption>Saved sessions that never reached a recorded ending</caption>
<thead><tr><th scope="col">Scenario</th><th scope="col">Stands at</th><th scope="col" class="num">Replies made</th><th scope="col">Last saved (UTC)</th></tr></thead>
<tbody>
{% for save in saves %}<tr><td class="text"><code>{{ save.scenario_id|u }}</code></td><td>{% if save.at_node %}<code>{{ save.at_node|u }}</code>{% else %}an ending (not recorded){% endif %}</td><td class="num">{{ save.replies }}</td><td class="num">{{ save.updated_at|when }}</td></tr>
{% endfor %}
</tbody></table>
{% else %}<p>No unfinished sessions.</p>{% endif %}
<h3>Abandoned ranked attempts</h3>
{% if abandoned %}<table>
<caption>Ranked runs given up before their ending: started over, or replaced by a new run. They have no score and are never on a board.</caption>
<thead><tr><th scope="col">Scenario</th><th scope="col" class="num">Replies made</th><th scope="col">How</th><th scope="col">Abandoned (UTC)</th></tr></thead>
<tbody>
{% for item in abandoned %}<tr><td class="text">{{ titles.get(item.scenario_id, item.scenario_id)|u }} <code>{{ item.scenario_id|u }}</code></td><td class="num">{{ item.replies }}</td><td>abandoned ({{ how_words.get(item.how, item.how) }})</td><td class="num">{{ item.abandoned_at|when }}</td></tr>
{% endfor %}
</tbody></table>
{% else %}<p>No abandoned ranked attempts.</p>{% endif %}
</section>
{% endblock %}
"""

COHORT = """{% extends "base.html" %}{% import "macros.html" as m %}
{% block heading %}Cohort {{ cohort|u }}{% endblock %}
{% block body %}
<section class="card" id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p class="lead">{{ trainee_count }} trainee(s) with {{ counted }} counted run(s) across {{ scenario_count }} scenario(s). Bands reached: {{ band_line }}.</p>
{{ m.figures(figure_items) }}
</section>

<section class="card" id="board" aria-labelledby="board-h">
<h2 id="board-h">Board</h2>
<p class="lead">The overall board of this cohort, as <code>dojo leaderboard --cohort</code> shows it: each trainee's best verified ranked run per scenario, summed over the {{ scenario_set|length }} scenario(s) of the store's official pack. Trainees who opted out of boards are not on it.{% if board_dropped %} {{ board_dropped }} run(s) failed their seal check while the board was built and were left off.{% endif %}</p>
{% if board_rows %}<table>
<caption>{{ board_rows|length }} trainee(s) on the board</caption>
<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Trainee</th><th scope="col" class="num">Overall</th><th scope="col">Band</th><th scope="col" class="num">Scenarios</th><th scope="col">Reached (UTC)</th></tr></thead>
<tbody>
{% for row in board_rows %}<tr><td class="num">{{ row.rank }}</td><th scope="row" class="text">{{ row.player|u }}</th><td class="num">{{ row.percent|pct }}</td><td>{{ m.band(row.band) }}</td><td class="num">{{ row.scenarios }} / {{ scenario_set|length }}</td><td class="num">{{ row.finished_at|when }}</td></tr>
{% endfor %}
</tbody></table>
{{ m.chart(board_chart, "Overall board percent of each trainee on the board, rank order.") }}
{% else %}<p>No verified ranked runs in this cohort yet, so the board is empty.</p>{% endif %}
</section>

<section class="card" id="skills" aria-labelledby="skills-h">
<h2 id="skills-h">Skill averages</h2>
<p class="lead">{{ averaged_line }}</p>
<table>
<caption>Skills</caption>
<thead><tr><th scope="col">Skill</th><th scope="col" class="num">Mean</th><th scope="col" class="num">Runs</th></tr></thead>
<tbody>
{% for row in skill_rows %}<tr><th scope="row">{{ row.title }}</th><td class="num">{{ row.mean|pct }}</td><td class="num">{{ row.count }}</td></tr>
{% endfor %}
</tbody></table>
{{ m.chart(skill_chart, "Mean percent per skill.") }}
{{ m.chart(histogram_chart, "How many runs scored in each band of ten points.") }}
</section>

<section class="card" id="trainees" aria-labelledby="trainees-h">
<h2 id="trainees-h">Trainees</h2>
<p class="lead">Every trainee of the cohort with counted runs, highest mean score first.</p>
<table>
<caption>{{ trainee_rows|length }} trainee(s): scores</caption>
<thead><tr><th scope="col">Trainee</th><th scope="col" class="num">Runs</th><th scope="col" class="num">Mean</th><th scope="col" class="num">Best</th><th scope="col" class="num">Latest</th><th scope="col">Bands reached</th></tr></thead>
<tbody>
{% for row in trainee_rows %}<tr><th scope="row" class="text">{{ row.player|u }}{% if row.hidden %} <span class="muted">(hidden from boards)</span>{% endif %}</th><td class="num">{{ row.runs }}</td><td class="num">{{ row.mean|pct }}</td><td class="num">{{ row.best|pct }}</td><td class="num">{{ row.latest|pct }}</td><td>{% for name, count in row.bands %}<span class="nowrap">{{ name }} {{ count }}</span>{% if not loop.last %}, {% endif %}{% endfor %}</td></tr>
{% endfor %}
</tbody></table>
<div class="scroll"><table>
<caption>{{ trainee_rows|length }} trainee(s): mean percent per skill</caption>
<thead><tr><th scope="col">Trainee</th>{% for name, title in skill_columns %}<th scope="col" class="num">{{ title }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in trainee_rows %}<tr><th scope="row" class="text">{{ row.player|u }}</th>{% for value in row.skills %}<td class="num">{{ value|pct }}</td>{% endfor %}</tr>
{% endfor %}
</tbody></table></div>
</section>

<section class="card" id="scenarios" aria-labelledby="scenarios-h">
<h2 id="scenarios-h">Scenarios</h2>
<table>
<caption>The cohort's counted runs per scenario</caption>
<thead><tr><th scope="col">Scenario</th><th scope="col" class="num">Runs</th><th scope="col" class="num">Trainees</th><th scope="col" class="num">Mean</th><th scope="col" class="num">Bad endings</th></tr></thead>
<tbody>
{% for row in scenario_rows %}<tr><th scope="row" class="text">{{ row.title|u }} <code>{{ row.id|u }}</code></th><td class="num">{{ row.runs }}</td><td class="num">{{ row.trainees }}</td><td class="num">{{ row.mean|pct }}</td><td class="num">{{ row.bad|share }}</td></tr>
{% endfor %}
</tbody></table>
<p>{{ unfinished_line }}</p>
</section>
{% endblock %}
"""

SCENARIO = """{% extends "base.html" %}{% import "macros.html" as m %}
{% block heading %}{{ title|u }}{% endblock %}
{% block body %}
<section class="card" id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p class="lead">Item analysis of scenario <code>{{ scenario_id|u }}</code>: {{ counted }} counted run(s) by {{ trainee_count }} trainee(s), {{ bad_runs }} of them ({{ bad_share|share }}) ending badly, and {{ unfinished_count }} unfinished save(s).</p>
{{ m.figures(figure_items) }}
<table>
<caption>Stored versions pooled in this report (item analysis groups replies by their stable id across versions)</caption>
<thead><tr><th scope="col">Version (content hash)</th><th scope="col">File</th><th scope="col">First stored (UTC)</th><th scope="col" class="num">Runs</th></tr></thead>
<tbody>
{% for row in version_rows %}<tr><td><code>{{ row.hash }}</code>{% if loop.first %} <span class="muted">(newest; its text is shown)</span>{% endif %}</td><td class="text">{{ row.file|u }}</td><td class="num">{{ row.stored_at|when }}</td><td class="num">{{ row.runs }}</td></tr>
{% endfor %}
</tbody></table>
</section>

<section class="card" id="outcomes" aria-labelledby="outcomes-h">
<h2 id="outcomes-h">Endings and scores</h2>
<table>
<caption>How the counted runs ended</caption>
<thead><tr><th scope="col">Ending</th><th scope="col">Outcome</th><th scope="col" class="num">Runs</th><th scope="col" class="num">Share</th></tr></thead>
<tbody>
{% for row in ending_rows %}<tr><th scope="row" class="text">{{ row.title|u }} <code>{{ row.id|u }}</code></th><td>{{ row.outcome|outcome }}{% if row.bad %} <span class="bad">(bad ending)</span>{% endif %}</td><td class="num">{{ row.runs }}</td><td class="num">{{ row.share|share }}</td></tr>
{% endfor %}
</tbody></table>
{{ m.chart(ending_chart, "Share of counted runs reaching each ending.") }}
{{ m.chart(histogram_chart, "How many runs scored in each band of ten points.") }}
</section>

<section class="card" id="decisions" aria-labelledby="decisions-h">
<h2 id="decisions-h">Choices at each decision</h2>
<p class="lead">For every node that offers more than one reply: how often each reply was chosen there, how often runs that made it ended badly, and its discrimination index ({{ discrimination_note }}).</p>
{% for node in decision_rows %}<div class="decision">
<h3 id="node-{{ loop.index }}">Node <code>{{ node.id|u }}</code> <span class="muted">· {{ node.decisions }} decision(s) in {{ node.runs_reaching }} run(s)</span></h3>
{% if node.lines %}<div class="prompt">{% for who, said in node.lines %}<p><span class="who">{{ who|u }}:</span> <span class="wide">{{ said|u }}</span></p>{% endfor %}</div>{% endif %}
<table>
<caption>Replies at <code>{{ node.id|u }}</code></caption>
<thead><tr><th scope="col">Reply</th><th scope="col" class="num">Chosen</th><th scope="col" class="num">Ended badly</th><th scope="col" class="num">Discrimination</th><th scope="col" class="num">Taken back</th></tr></thead>
<tbody>
{% for reply in node.replies %}<tr><th scope="row" class="text reply"><code>{{ reply.id|u }}</code> {{ reply.text|u }}</th><td class="num">{{ reply.chosen }} ({{ reply.rate|share }})</td><td class="num">{% if reply.runs_with %}{{ reply.bad_with }} of {{ reply.runs_with }} ({{ reply.bad_rate|share }}){% else %}–{% endif %}</td><td class="num">{{ reply.index|signed }}</td><td class="num">{{ reply.taken_back }}</td></tr>
{% endfor %}
</tbody></table>
{% if node.decisions %}{{ m.chart(node.chart, "Share of the decisions at this node that went to each reply.") }}{% endif %}
</div>
{% else %}<p>No decisions were made in the counted runs.</p>{% endfor %}
</section>

<section class="card" id="bad" aria-labelledby="bad-h">
<h2 id="bad-h">Replies before a bad ending</h2>
<p class="lead">Replies on the path of runs that ended badly (walked out, policy broken or escalated), most bad endings first. Across all counted runs {{ bad_share|share }} ended badly; a reply whose rate is far above that is one that trips trainees.</p>
{% if precursor_rows %}<table>
<caption>Top {{ precursor_rows|length }} replies by bad endings that followed</caption>
<thead><tr><th scope="col">Reply</th><th scope="col" class="num">Runs with it</th><th scope="col" class="num">Ended badly</th><th scope="col" class="num">Rate</th><th scope="col" class="num">Last reply before</th></tr></thead>
<tbody>
{% for row in precursor_rows %}<tr><th scope="row" class="text reply"><code>{{ row.key|u }}</code> {{ row.text|u }}</th><td class="num">{{ row.runs_with }}</td><td class="num">{{ row.bad_with }}</td><td class="num">{{ row.rate|share }}</td><td class="num">{{ row.last }}</td></tr>
{% endfor %}
</tbody></table>
{{ m.chart(precursor_chart, "Share of runs with each reply that ended badly.") }}
{% else %}<p>No counted run ended badly.</p>{% endif %}
</section>

<section class="card" id="separating" aria-labelledby="separating-h">
<h2 id="separating-h">Replies that separate strong from weak trainees</h2>
<p class="lead">{{ discrimination_line }}</p>
{% if separating_rows %}<table>
<caption>Replies with the largest discrimination index, either sign</caption>
<thead><tr><th scope="col">Reply</th><th scope="col" class="num">Index</th><th scope="col" class="num">Upper group rate</th><th scope="col" class="num">Lower group rate</th><th scope="col">Reading</th></tr></thead>
<tbody>
{% for row in separating_rows %}<tr><th scope="row" class="text reply"><code>{{ row.key|u }}</code> {{ row.text|u }}</th><td class="num">{{ row.index|signed }}</td><td class="num">{{ row.upper|share }}</td><td class="num">{{ row.lower|share }}</td><td>{{ row.reading }}</td></tr>
{% endfor %}
</tbody></table>
{{ m.chart(separating_chart, "Discrimination index: bars to the right are chosen more by the strongest trainees, to the left by the weakest.") }}
{% endif %}
</section>

<section class="card" id="dropoff" aria-labelledby="dropoff-h">
<h2 id="dropoff-h">Where runs end early or are abandoned</h2>
<p class="lead">A run ends early when the customer walks out; it is counted at the node of its last reply. An unfinished save (abandoned, or still being played) is counted at the node it stands at. {{ early_count }} run(s) ended early; {{ unfinished_count }} save(s) are unfinished.</p>
{% if dropoff_rows %}<table>
<caption>Per node</caption>
<thead><tr><th scope="col">Node</th><th scope="col" class="num">Runs reaching it</th><th scope="col" class="num">Walked out after a reply here</th><th scope="col" class="num">Unfinished saves here</th></tr></thead>
<tbody>
{% for row in dropoff_rows %}<tr><th scope="row" class="text">{% if row.node %}<code>{{ row.node|u }}</code>{% else %}an ending, never recorded{% endif %}</th><td class="num">{{ row.reaching }}</td><td class="num">{{ row.early }}</td><td class="num">{{ row.unfinished }}</td></tr>
{% endfor %}
</tbody></table>
{% else %}<p>No run ended early and no save is unfinished.</p>{% endif %}
<table>
<caption>Replies per counted run</caption>
<thead><tr><th scope="col" class="num">Replies</th><th scope="col" class="num">Runs</th></tr></thead>
<tbody>
{% for length, count in length_rows %}<tr><td class="num">{{ length }}</td><td class="num">{{ count }}</td></tr>
{% endfor %}
</tbody></table>
</section>
{% endblock %}
"""

TEMPLATES = {
    "base.html": BASE,
    "macros.html": MACROS,
    "player.html": PLAYER,
    "cohort.html": COHORT,
    "scenario.html": SCENARIO,
}
