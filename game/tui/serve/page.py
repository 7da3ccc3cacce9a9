"""The page `dojo serve` sends: textual-serve's terminal page, made to stay on the serving machine.

The stock page loads its font from Google Fonts, which stalls on a LAN without internet
(pitfalls.md). This one declares the Roboto Mono that textual-serve bundles, and every URL
in it is relative or filled in from the Host header the browser used. Its words come translated
in the page's context (`server.DojoServer._page`), and Chinese is drawn with the bundled CJK
font (see language.py), even inside the terminal. It is a Python string,
not a file beside this module, so a plain `pip install` carries it without package data.
"""

from __future__ import annotations

PAGE_NAME = "app_index.html"

PAGE = """\
<!DOCTYPE html>
<!-- Service Dojo's page for `dojo serve`. Every URL here is on the serving machine: the
     terminal font is the one textual-serve bundles, so a LAN without internet loads fully. -->
<html lang="{{ lang }}">
  <head>
    <meta charset="utf-8" />
    <title>{{ application.name }}</title>
    <link rel="stylesheet" href="{{ config.static.url }}css/xterm.css" />
    <script src="{{ config.static.url }}js/textual.js"></script>
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-style: normal;
        font-weight: 100 700;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-style: italic;
        font-weight: 100 700;
      }
      /* Chinese in the terminal and the dialogs: the bundled CJK font, fetched only when such a character shows. */
      @font-face {
        font-family: "Roboto Mono";
        src: local("Noto Sans SC"), url("{{ cjk_font_url }}") format("opentype");
        unicode-range: {{ cjk_range }};
      }
      body {
        margin: 0;
        background: #0c181f;
        font-family: "Roboto Mono", menlo, monospace;
      }
      .dialog-container {
        position: absolute;
        width: 100vw;
        height: 100vh;
        display: flex;
        align-items: center;
        justify-content: center;
        z-index: 10;
      }
      .shade {
        position: absolute;
        width: 100%;
        height: 100%;
        background: #0c181f;
      }
      .intro {
        width: 640px;
        height: 240px;
        font-size: 16px;
        z-index: 20;
        text-align: center;
        color: rgba(255, 255, 255, 0.95);
        background-color: #12232d;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        margin: 32px;
      }
      body.-first-byte .intro-dialog {
        display: none;
      }
      body .textual-terminal {
        opacity: 0;
        transition: opacity 0.3s ease-out;
      }
      body.-first-byte .textual-terminal {
        opacity: 1;
      }
      button {
        padding: 16px 32px;
        background-color: #5e0ba7;
        color: rgba(255, 255, 255, 0.95);
        border: none;
        font-family: inherit;
        margin: 16px;
      }
      button:hover {
        background: #ac5af4;
        cursor: pointer;
      }
      .closed-dialog {
        display: none;
      }
      body.-closed .closed-dialog {
        display: flex;
      }
      #start {
        display: none;
      }
      #start.-delay {
        display: block;
      }
    </style>
    <script>
      {% if cjk %}// The terminal draws on a canvas, which never asks for a font: fetch the CJK one before it starts (onload).
      if (document.fonts) document.fonts.load('16px "Roboto Mono"', "中文");
      {% endif %}function restart() {
        const params = new URLSearchParams(window.location.search);
        params.delete("delay");
        window.location.href = window.location.pathname + "?" + params.toString();
      }
    </script>
  </head>
  <body>
    <div class="dialog-container intro-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div>{{ connecting }}</div>
        <button type="button" onclick="restart()" id="start">{{ start }}</button>
      </div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div class="message">{{ ended }}</div>
        <button type="button" onclick="restart()">{{ again }}</button>
      </div>
    </div>
    <div
      id="terminal"
      class="textual-terminal"
      data-session-websocket-url="{{ app_websocket_url }}"
      data-font-size="{{ font_size }}"
    ></div>
  </body>
</html>
"""

TEMPLATES: dict[str, str] = {PAGE_NAME: PAGE}
