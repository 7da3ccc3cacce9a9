"""`dojo graph SCENARIO`: the story as a Mermaid or Graphviz DOT diagram.

Endings are coloured by outcome (with a legend), the best playthrough's arrows are thick
and gold, replies that can never be chosen are grey and dashed, and nodes or endings that
can never be reached are flagged, exactly as `dojo lint` finds them.
"""

from __future__ import annotations

import argparse

from game.i18n import N_, _
from game.commands.common import EXIT_OK, add_json_option, add_rubric_option, load_or_fail, print_json, rubric_from
from game.store.display import printable
from game.store.files import STDOUT, check_destination, write_output

NAME = "graph"
HELP = N_("draw a scenario's story as a Mermaid or Graphviz DOT diagram")
FORMATS = ("mermaid", "dot")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo graph`."""
    parser.add_argument("scenario", help=_("the scenario file"))
    parser.add_argument("--format", choices=FORMATS, default="mermaid", help=_("mermaid (default) or dot (Graphviz)"))
    parser.add_argument(
        "--labels",
        choices=("id", "text"),
        default="id",
        help=_("label arrows with the reply id (default) or the start of its text"),
    )
    parser.add_argument("--out", metavar="FILE", help=_("write the diagram to FILE instead of printing it ('-': print it)"))
    add_rubric_option(parser)
    add_json_option(parser)


def execute(args: argparse.Namespace) -> int:
    """Load, analyse, render and print (or write) the graph."""
    from game.engine.analysis import AnalysisError, cached_analysis
    from game.export.graph import build_graph, to_dot, to_mermaid
    from scoring.scorer import Scorer

    if args.out:
        check_destination(args.out)  # before the analysis
    rubric = rubric_from(args)
    loaded = load_or_fail(args.scenario, rubric)
    note = None
    try:
        analysis = cached_analysis(loaded.scenario, Scorer(rubric))
        if not analysis.exact:
            note = _("the analysis stopped at its limit: the best path and what is reachable in play are estimates")
    except AnalysisError as error:
        analysis, note = None, _("no best path: {problem}").format(problem=error)
    graph = build_graph(loaded, analysis, note)
    if args.json:
        print_json(graph.to_json())
        return EXIT_OK
    text = (to_dot if args.format == "dot" else to_mermaid)(graph, args.labels)
    if args.out and args.out != STDOUT:
        write_output(args.out, lambda stream: stream.write(text))
        print(_("wrote {path}").format(path=printable(args.out)))
    else:
        print(text, end="")
    return EXIT_OK
