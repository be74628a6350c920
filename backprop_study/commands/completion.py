"""`study completion bash|zsh|fish`: a completion script for the shell, made from `study`'s own parser, so
every command and option it lists is one that exists."""

from __future__ import annotations

import argparse

from backprop_study.commands import Context

NAME = "completion"
HELP = "print a shell completion script (bash, zsh or fish); see `study completion --help` to install it"
ORDER = 96
STALE_NOTICE = False  # about the shell, not a workspace
SHELLS = ("bash", "zsh", "fish")
INSTALL = {
    "bash": "study completion bash > ~/.local/share/bash-completion/completions/study",
    "zsh": "study completion zsh > ~/.zfunc/_study   (with fpath+=~/.zfunc before compinit in ~/.zshrc)",
    "fish": "study completion fish > ~/.config/fish/completions/study.fish",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "to install it (then open a new shell):\n" + "\n".join(
        f"  {shell:<5} {line}" for shell, line in INSTALL.items()
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for `shell`, from `study`'s whole parser."""
    import shtab

    return shtab.complete(parser, shell=shell)


def run(args: argparse.Namespace, context: Context) -> int:
    assert context.parser is not None, "the CLI hands every command its parser"
    print(script(context.parser, args.shell), end="")
    return 0
