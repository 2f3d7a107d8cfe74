#!/usr/bin/env bash
# Installs tmux (needed by the real-terminal tests) when it is missing.
set -eu
command -v tmux >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq tmux >/dev/null
