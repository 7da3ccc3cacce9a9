"""The trainer's pages: the class at a glance, and the projector view with large type and a podium.

Plain HTML, one stylesheet and one script, all served by `dojo serve` itself: no install, no
internet, and a Content-Security-Policy that allows nothing but this server (no inline
script or style, so a trainee's name can never run as code: the script only ever sets
`textContent`). The script opens `/trainer/events` (server-sent events), and redraws from
each snapshot the server sends (`game.play.class_view.ClassView.to_json()`); a dropped
connection is retried by the browser on its own.
"""

from __future__ import annotations

import html
import json

from game.tui.serve.language import FONT_FACE, FONT_STACK, _, choices, current

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; font-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

_HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/trainer/trainer.css">
<script src="/trainer/trainer.js" defer></script>
</head>
"""


def _head(title: str, script: bool = True) -> str:
    """The page's head, in this request's language, with `title` (already escaped)."""
    head = _HEAD.format(lang=current(), title=title)
    return head if script else head.replace('<script src="/trainer/trainer.js" defer></script>\n', "")


def _e(text: str) -> str:
    """Translated text, HTML-escaped for the page's text and its double-quoted attributes."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def script_labels() -> dict[str, object]:
    """Every word the page's script writes, in this request's language ({name} fields are filled in by the script)."""
    return {
        "states": {
            "joined": _("in the list"),
            "playing": _("playing"),
            "finished": _("finished"),
            "left": _("left"),
            "away": _("away"),
        },
        "grades": {"slip": _("slip"), "mistake": _("mistake"), "blunder": _("blunder")},
        "modes": {"ranked": _("ranked"), "practice": _("practice")},
        "no_band": _("no band {percent}"),
        "band": _("{band} {percent}"),
        "roster_counts": _("{joined} joined · {playing} playing · {finished} runs finished"),
        "projector_counts": _("{joined} joined · {finished} runs finished"),
        "played": _("{played} of {total}"),
        "list": _(", "),
        "trip_heads": [_("Chosen by"), _("Grade"), _("After the customer said"), _("The reply")],
        "closed": _("This class is closed."),
        "join_before": _("Join at {addresses} with the code "),
        "or": _(" or "),
        "over": _("The round is over."),
        "last_message": _("Last message: {message}"),
        "on": _("The round is on."),
        "done": _("Done."),
        "failed": _("That did not work ({status})."),
        "lost": _("Connection lost: trying again…"),
    }


def _labels_attribute() -> str:
    """The script's words as a data attribute of the body (JSON, HTML-escaped; the script reads it, never runs it)."""
    return _e(json.dumps(script_labels(), ensure_ascii=False))


def _page_words() -> list[str]:
    """The words of the trainer's and projector's pages, in this request's language, HTML-escaped."""
    return [
        _e(_("Connecting…")),
        _e(_("Controls")),
        _e(_("Message to every trainee")),
        _e(_("e.g. 5 minutes left")),
        _e(_("Send")),
        _e(_("End the round")),
        _e(_("Start the next round")),
        _e(_("Projector view")),
        _e(_("Class report (HTML)")),
        _e(_("Results (CSV)")),
        _e(_("Roster")),
        _e(_("Trainee")),
        _e(_("Now")),
        _e(_("Scenario")),
        _e(_("Turn")),
        _e(_("Customer")),
        _e(_("Last result")),
        _e(_("Runs")),
        _e(_("Nobody has joined yet. Trainees open the address above and type the code.")),
        _e(_("Class board")),
        _e(_("Score")),
        _e(_("Scenarios")),
        _e(_("Bands")),
        _e(_("No finished run yet.")),
        _e(_("Replies that tripped the class")),
        _e(_("No slip, mistake or blunder so far.")),
        _e(_("Podium")),
        _e(_("Board")),
        _e(_("The board fills as runs finish.")),
    ]


def trainer_html(class_name: str) -> str:
    """The trainer's screen."""
    name = html.escape(class_name)
    w = _page_words()
    title = _e(_("{class_name} · Service Dojo trainer")).replace("{class_name}", name)
    return _head(title) + f"""<body data-view="trainer" data-labels="{_labels_attribute()}">
<header>
  <h1><span id="class-name">{name}</span> <small id="class-facts"></small></h1>
  <p id="join-line" class="join"></p>
  <p id="status" class="status" role="status">{w[0]}</p>
</header>
<main>
<section id="controls" aria-label="{w[1]}">
  <form id="message-form">
    <label for="message">{w[2]}</label>
    <input id="message" name="message" maxlength="200" placeholder="{w[3]}" autocomplete="off">
    <button type="submit">{w[4]}</button>
  </form>
  <p class="buttons">
    <button type="button" id="end-round">{w[5]}</button>
    <button type="button" id="next-round" hidden>{w[6]}</button>
    <a href="/trainer/projector" target="_blank" rel="noopener">{w[7]}</a>
    <a href="/trainer/report.html" download>{w[8]}</a>
    <a href="/trainer/results.csv" download>{w[9]}</a>
  </p>
  <p id="sent" class="sent" role="status"></p>
</section>
<section aria-labelledby="roster-title">
  <h2 id="roster-title">{w[10]} <small id="counts"></small></h2>
  <table id="roster"><thead><tr><th>{w[11]}</th><th>{w[12]}</th><th>{w[13]}</th><th class="num">{w[14]}</th><th>{w[15]}</th><th>{w[16]}</th><th class="num">{w[17]}</th></tr></thead><tbody></tbody></table>
  <p id="roster-empty" class="empty">{w[18]}</p>
</section>
<section aria-labelledby="board-title">
  <h2 id="board-title">{w[19]}</h2>
  <table id="board"><thead><tr><th class="num">#</th><th>{w[11]}</th><th class="num">{w[20]}</th><th class="num">{w[21]}</th><th>{w[22]}</th></tr></thead><tbody></tbody></table>
  <p id="board-empty" class="empty">{w[23]}</p>
</section>
<section aria-labelledby="trips-title">
  <h2 id="trips-title">{w[24]}</h2>
  <div id="trips"></div>
  <p id="trips-empty" class="empty">{w[25]}</p>
</section>
</main>
</body>
</html>
"""


def projector_html(class_name: str) -> str:
    """The projector view: the join line, the board, and the podium once the round is over."""
    name = html.escape(class_name)
    w = _page_words()
    title = _e(_("{class_name} · Service Dojo")).replace("{class_name}", name)
    return _head(title) + f"""<body data-view="projector" class="projector" data-labels="{_labels_attribute()}">
<header>
  <h1 id="class-name">{name}</h1>
  <p id="join-line" class="join"></p>
  <p id="status" class="status" role="status">{w[0]}</p>
</header>
<main>
<section id="podium" aria-label="{w[26]}" hidden>
  <div class="place second"><p class="who"></p><p class="score"></p><div class="step">2</div></div>
  <div class="place first"><p class="who"></p><p class="score"></p><div class="step">1</div></div>
  <div class="place third"><p class="who"></p><p class="score"></p><div class="step">3</div></div>
</section>
<section aria-label="{w[27]}">
  <table id="board"><thead><tr><th class="num">#</th><th>{w[11]}</th><th class="num">{w[20]}</th><th class="num">{w[21]}</th></tr></thead><tbody></tbody></table>
  <p id="board-empty" class="empty">{w[28]}</p>
</section>
<p id="joined" class="joined"></p>
</main>
</body>
</html>
"""


def refused_html(title: str, text: str) -> str:
    """A short page for a refused request (no script, no style beyond the stylesheet); `title` and `text` come translated."""
    return (
        f'<!DOCTYPE html><html lang="{current()}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<link rel="stylesheet" href="/trainer/trainer.css"></head>'
        f'<body class="refused"><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>'
    )


STYLE = FONT_FACE + """
:root { --ink: #14212b; --paper: #fbfaf7; --muted: #56626b; --accent: #0b5d8a; --line: #d5d9dc;
        --gold: #8a6500; --silver: #4f5b66; --bronze: #8a4b1c; --warn: #8a1c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 """ + FONT_STACK + """;
       color: var(--ink); background: var(--paper); }
header { padding: 1rem 1.5rem .5rem; border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 1.6rem; }
h1 small { font-size: 1rem; color: var(--muted); font-weight: normal; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h2 small { font-weight: normal; color: var(--muted); }
main { padding: 0 1.5rem 2rem; max-width: 80rem; }
.join { font-size: 1.1rem; margin: .3rem 0; }
.join code { font-size: 1.2em; font-weight: bold; letter-spacing: .08em; }
.status { color: var(--muted); margin: .2rem 0; }
.status.over { color: var(--warn); font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.left td, tr.away td { color: var(--muted); }
.state { font-weight: 600; }
.Gold { color: var(--gold); font-weight: 600; }
.Silver { color: var(--silver); font-weight: 600; }
.Bronze { color: var(--bronze); font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
form { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin-top: 1rem; }
label { font-weight: 600; }
input { font: inherit; padding: .4rem .6rem; min-width: 18rem; border: 1px solid var(--muted); border-radius: 4px; }
select { font: inherit; padding: .35rem .5rem; border: 1px solid var(--muted); border-radius: 4px; background: #fff; }
button { font: inherit; padding: .4rem 1rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
button#end-round { background: var(--warn); }
.buttons { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.buttons a { color: var(--accent); }
.sent { color: var(--muted); min-height: 1.4em; }
.trip h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.trip .said { color: var(--muted); }
.grade-blunder { color: var(--warn); font-weight: 600; }
.grade-mistake { color: var(--bronze); font-weight: 600; }
.grade-slip { color: var(--silver); font-weight: 600; }
body.refused, body.join-page main { max-width: 36rem; margin: 4rem auto; }
.problem { color: var(--warn); font-weight: 600; }
/* The projector: read from the back of the room. */
body.projector { font-size: 28px; background: #10222d; color: #f4f1ea; }
body.projector header { border-color: #3b5566; text-align: center; }
body.projector h1 { font-size: 2.2em; }
body.projector .join { font-size: 1.2em; }
body.projector .status { color: #c9d3d9; }
body.projector .status.over { color: #ffd27a; }
body.projector main { max-width: none; margin: 0 auto; width: min(100%, 60rem); }
body.projector th { color: #c9d3d9; font-size: .7em; }
body.projector td, body.projector th { border-color: #3b5566; }
body.projector .empty, body.projector .joined { color: #c9d3d9; text-align: center; }
#podium { display: flex; justify-content: center; align-items: flex-end; gap: 1.5rem; margin: 1.5rem 0; }
#podium[hidden] { display: none; }
.place { width: 14rem; text-align: center; }
.place .who { font-weight: bold; margin: .2em 0; overflow-wrap: anywhere; }
.place .score { margin: 0 0 .3em; color: #c9d3d9; }
.step { color: #10222d; font-size: 2em; line-height: 1; font-weight: bold; border-radius: 6px 6px 0 0;
        display: flex; align-items: center; justify-content: center; }
.first .step { background: #ffd27a; height: 3.4em; }
.second .step { background: #d7dde2; height: 2.5em; }
.third .step { background: #e0a672; height: 1.8em; }
"""

SCRIPT = """\
"use strict";
// Service Dojo trainer page: draws each snapshot the server sends. Names come from trainees,
// so everything is set with textContent, never parsed as HTML.
(function () {
  const view = document.body.dataset.view;
  const $ = (id) => document.getElementById(id);
  // The words come from the server in the page's language (data-labels); none is written here.
  const L = JSON.parse(document.body.dataset.labels || "{}");
  const fill = (text, fields) => text.replace(/\\{(\\w+)\\}/g, (whole, key) => (key in fields ? String(fields[key]) : whole));

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function fillTable(id, rows, draw) {
    const body = $(id).querySelector("tbody");
    body.replaceChildren();
    for (const item of rows) {
      const tr = document.createElement("tr");
      draw(tr, item);
      body.appendChild(tr);
    }
    $(id).hidden = rows.length === 0;
    const empty = $(id + "-empty");
    if (empty) empty.hidden = rows.length !== 0;
  }

  function percent(value) {
    return value === null || value === undefined ? "" : value.toFixed(1) + "%";
  }

  function drawRoster(state) {
    fillTable("roster", state.roster, (tr, row) => {
      tr.className = row.state;
      tr.dataset.name = row.name;
      cell(tr, row.name);
      cell(tr, L.states[row.state] || row.state, "state");
      cell(tr, row.scenario);
      cell(tr, row.turn, "num");
      cell(tr, row.mood);
      const result = row.band ? fill(L.band, { band: row.band, percent: percent(row.percent) })
        : (row.percent === null ? "" : fill(L.no_band, { percent: percent(row.percent) }));
      cell(tr, result, row.band || "");
      cell(tr, row.finished, "num");
    });
    const c = state.counts;
    $("counts").textContent = fill(L.roster_counts, c);
  }

  function drawBoard(state) {
    fillTable("board", state.board, (tr, row) => {
      tr.dataset.name = row.name;
      cell(tr, row.rank, "num");
      cell(tr, row.name);
      cell(tr, percent(row.percent), "num");
      cell(tr, fill(L.played, { played: row.played, total: state.scenarios.length }), "num");
      if (view === "trainer") cell(tr, row.bands.join(L.list));
    });
  }

  function drawTrips(state) {
    const box = $("trips");
    box.replaceChildren();
    for (const group of state.trips) {
      const div = document.createElement("div");
      div.className = "trip";
      const h = document.createElement("h3");
      h.textContent = group.title;
      div.appendChild(h);
      const table = document.createElement("table");
      const head = table.createTHead().insertRow();
      for (const name of L.trip_heads) {
        const th = document.createElement("th");
        th.textContent = name;
        head.appendChild(th);
      }
      const body = table.createTBody();
      for (const row of group.rows) {
        const tr = body.insertRow();
        cell(tr, row.count, "num");
        cell(tr, L.grades[row.grade] || row.grade, "grade-" + row.grade);
        cell(tr, row.said, "said");
        cell(tr, row.reply);
      }
      div.appendChild(table);
      box.appendChild(div);
    }
    $("trips-empty").hidden = state.trips.length !== 0;
  }

  function drawPodium(state) {
    const podium = $("podium");
    podium.hidden = !state.round_over || state.podium.length === 0;
    const places = { 1: podium.querySelector(".first"), 2: podium.querySelector(".second"), 3: podium.querySelector(".third") };
    for (const rank of [1, 2, 3]) {
      const row = state.podium.find((item) => item.rank === rank);
      places[rank].querySelector(".who").textContent = row ? row.name : "";
      places[rank].querySelector(".score").textContent = row ? percent(row.percent) : "";
    }
  }

  function drawHeader(state) {
    const join = $("join-line");
    join.replaceChildren();
    if (state.closed) {
      join.textContent = L.closed;
    } else {
      join.append(fill(L.join_before, { addresses: state.join.join(L.or) }));
      const code = document.createElement("code");
      code.id = "code";
      code.textContent = state.code;
      join.appendChild(code);
    }
    const status = $("status");
    status.textContent = state.round_over ? L.over : (state.message ? fill(L.last_message, { message: state.message }) : L.on);
    status.className = state.round_over ? "status over" : "status";
    if (view === "trainer") {
      $("class-facts").textContent = (L.modes[state.mode] || state.mode) + " · " + state.scenarios.join(L.list);
      $("end-round").hidden = state.round_over;
      $("next-round").hidden = !state.round_over;
    } else {
      const c = state.counts;
      $("joined").textContent = fill(L.projector_counts, c);
    }
  }

  function draw(state) {
    drawHeader(state);
    drawBoard(state);
    if (view === "trainer") {
      drawRoster(state);
      drawTrips(state);
    } else {
      drawPodium(state);
    }
    document.body.dataset.updated = String(Date.now());
  }

  async function post(path, body) {
    const answer = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const said = await answer.json().catch(() => ({}));
    $("sent").textContent = said.said || (answer.ok ? L.done : fill(L.failed, { status: answer.status }));
  }

  if (view === "trainer") {
    $("message-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("message").value.trim();
      if (!text) return;
      post("/trainer/message", { text: text }).then(() => { $("message").value = ""; });
    });
    $("end-round").addEventListener("click", () => post("/trainer/round", { action: "end" }));
    $("next-round").addEventListener("click", () => post("/trainer/round", { action: "next" }));
  }

  const events = new EventSource("/trainer/events");
  events.addEventListener("class", (event) => draw(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    $("status").textContent = L.lost;
  });
})();
"""


def join_html(wrong_code: str | None = None) -> str:
    """The trainees' first page in a class: the code to type (and why the last one did not work), and the language to play in.

    Made in the language of the request (`language.speaking`): the picker starts at that language.
    """
    problem = ""
    if wrong_code is not None:
        shown = f"<code>{html.escape(wrong_code[:20])}</code>"
        problem = '<p class="problem" role="alert">' + _e(
            _("No open class has the code {code}. Check it on the trainer's screen and try again.")
        ).replace("{code}", shown) + "</p>"
    w = [_e(_("Join the class")), _e(_("Type the code on the trainer's screen.")), _e(_("Class code")), _e(_("Language")), _e(_("Join"))]
    here = current()
    options = "\n".join(
        f'    <option value="{locale}" lang="{locale}"{" selected" if locale == here else ""}>{_e(name)}</option>'
        for locale, name in choices()
    )
    return _head(_e(_("Join the class · Service Dojo")), script=False) + f"""<body class="join-page">
<main>
<h1>{w[0]}</h1>
<p>{w[1]}</p>
{problem}
<form method="get" action="/">
  <label for="code">{w[2]}</label>
  <input id="code" name="code" maxlength="20" autocomplete="off" autocapitalize="characters" spellcheck="false" autofocus required>
  <label for="lang">{w[3]}</label>
  <select id="lang" name="lang">
{options}
  </select>
  <button type="submit">{w[4]}</button>
</form>
</main>
</body>
</html>
"""
