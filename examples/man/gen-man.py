#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the man page of cxscore (COMMAND "-") or of one of its commands, from the program's own
help, so that a page always names every option the command accepts.

Usage: gen-man.py PATH/TO/cxscore COMMAND|- VERSION DOCDIR OUTPUT
"""
import re
import subprocess
import sys

cxscore, command, version, docdir, output = sys.argv[1:6]


def esc(text):
    """Text for roff: backslashes, leading dots and quotes, hyphens as minus where options."""
    text = text.replace("\\", "\\e")
    text = re.sub(r"(?<![\w])-", r"\\-", text)
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def help_of(*args):
    env = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    p = subprocess.run([cxscore, *args], capture_output=True, text=True, env=env, check=True)
    return p.stdout


def paragraphs(lines):
    out = []
    for line in lines:
        if not line.strip():
            out.append(".PP")
        elif line.startswith("  "):
            out.append(".nf\n" + esc(line.strip()) + "\n.fi")
        else:
            out.append(esc(line))
    return out


top = help_of("--help")
summaries = dict(re.findall(r"^  (\w+) +(.+)$", top, re.M))
page = []
if command == "-":
    name = "cxscore"
    page += [f'.TH CXSCORE 1 "" "libcxscore {version}" "User Commands"', ".SH NAME",
             "cxscore \\- score customer\\-experience survey exports with libcxscore",
             ".SH SYNOPSIS", ".B cxscore", "[\\-\\-version] [\\-\\-help]",
             ".I COMMAND", "[\\fIOPTIONS\\fR] \\fIFILE\\fR", ".SH DESCRIPTION"]
    page += paragraphs(top.split("\n\n", 1)[1].split("Commands:")[0].splitlines())
    page.append(".SH COMMANDS")
    for cmd, summary in summaries.items():
        page += [".TP", f"\\fB{cmd}\\fR", esc(summary) + f". See \\fBcxscore\\-{cmd}\\fR(1)."]
    page += [".SH EXIT STATUS", "0 success, 1 bad data (or output not written), 2 bad usage."]
    see = [f"\\fBcxscore\\-{c}\\fR(1)" for c in summaries]
else:
    name = f"cxscore-{command}"
    text = help_of(command, "--help-all")
    blocks = text.split("\n\n")
    usage = blocks[0].splitlines()[1].strip()           # cxscore nps [OPTION…] FILE - ...
    synopsis, _, what = usage.partition(" - ")
    page += [f'.TH {name.upper()} 1 "" "libcxscore {version}" "User Commands"', ".SH NAME",
             f"cxscore\\-{command} \\- {esc(summaries.get(command, what))}",
             ".SH SYNOPSIS", f".B cxscore {command}",
             esc(synopsis.replace(f"cxscore {command}", "").replace("…", "...").strip()),
             ".SH DESCRIPTION"]
    page += paragraphs(blocks[1].splitlines())
    rest = []
    for block in blocks[2:]:
        lines = block.splitlines()
        if lines and lines[0].endswith("options:") or lines and lines[0].endswith("Options:"):
            if lines[0].startswith("Help"):
                continue
            page.append(".SH OPTIONS" if ".SH OPTIONS" not in page else ".PP")
            entries = []
            for line in lines[1:]:
                m = re.match(r"^  (?:(-\w), )?(--[\w-]+)(=\S+)?\s+(.*)$", line)
                if m:
                    entries.append([m.group(1), m.group(2), m.group(3) or "", m.group(4)])
                elif entries:
                    entries[-1][3] += " " + line.strip()
            for short, long, arg, desc in entries:
                flag = (f"\\fB{esc(short)}\\fR, " if short else "") + f"\\fB{esc(long)}\\fR"
                if arg:
                    flag += f"=\\fI{esc(arg[1:])}\\fR"
                page += [".TP", flag, esc(desc)]
        elif lines and lines[0].startswith("Examples:"):
            rest.append(".SH EXAMPLES")
            rest += [".nf"] + [esc(l.strip()) for l in lines[1:]] + [".fi"]
        else:
            rest += ([".PP"] if ".SH NOTES" in rest else [".SH NOTES"]) + paragraphs(lines)
    page += [".TP", "\\fB\\-h\\fR, \\fB\\-\\-help\\fR", "Show the options.",
             ".TP", "\\fB\\-\\-help\\-all\\fR", "Show all the options."]
    page += rest
    see = ["\\fBcxscore\\fR(1)"]
page += [".SH FILES", f".TP\n{esc(docdir)}",
         "The documentation: formulas, their sources, bad input and its handling.",
         ".SH SEE ALSO", ", ".join(see)]
with open(output, "w", encoding="utf-8") as f:
    f.write("\n".join(page) + "\n")
