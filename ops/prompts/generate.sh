#!/usr/bin/env bash
# Turns prompts.tsv into the WAV files the scripts play: 8 kHz, mono, 16-bit signed PCM, the
# format Asterisk plays without transcoding on a telephone line.
#
#   apt-get install espeak-ng sox      # Debian packages; espeak-ng has the Mandarin voice cmn
#   ./generate.sh [OUT_DIR]            # default: ./sounds/qiaoqiao
#   cp sounds/qiaoqiao/*.wav /usr/share/asterisk/sounds/qiaoqiao/   # voice.prompt-dir=qiaoqiao
#   mkdir -p /usr/share/asterisk/sounds/zh && cp -r sounds/qiaoqiao/digits /usr/share/asterisk/sounds/zh/
#
# The service's name in the prompts ({service-name} in prompts.tsv) is the key service-name of
# the default templates, the same name every text is signed with; SERVICE_NAME=… overrides it
# (then set plugin.templates.service-name to the same name, so texts and calls agree).
#
# A studio's own voice: record the sentence from prompts.tsv in the local dialect (any
# recorder; keep it slow and close to the microphone), then convert it to the same format
#   sox recording.m4a -r 8000 -c 1 -b 16 -e signed-integer hotline-greeting.wav norm -3
# and put it in OVERRIDE_DIR (default: ./studio) under the prompt id as its name. This script
# copies an override in place of the synthetic prompt, so rerunning it never loses a
# recording. Names of volunteers (names/<id>.wav) and village groups (places/<id>.wav) are
# recorded the same way; the ticket system refers to them by those prompt ids.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/sounds/qiaoqiao}"
overrides="${OVERRIDE_DIR:-$here/studio}"
voice="${ESPEAK_VOICE:-cmn}"
speed="${ESPEAK_SPEED:-130}"   # words per minute; espeak-ng's default 175 is too fast for the elderly

templates="$here/../../plugins/default-templates/src/main/resources/io/qiaoqiao/plugins/templates/zh-CN.properties"

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install espeak-ng sox" >&2; exit 1; }
done
name="${SERVICE_NAME:-}"
if [[ -z "$name" && -f "$templates" ]]; then
  name="$(sed -n 's/^service-name[[:space:]]*[=:][[:space:]]*//p' "$templates" | head -n 1)"
fi
[[ -n "$name" ]] || { echo "no service name: set SERVICE_NAME or keep $templates" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

count=0
while IFS=$'\t' read -r id text; do
  [[ -z "$id" || "$id" == \#* ]] && continue
  mkdir -p "$(dirname "$out/$id.wav")" "$(dirname "$tmp/$id.wav")"
  text="${text//\{service-name\}/$name}"
  if [[ -f "$overrides/$id.wav" ]]; then
    sox "$overrides/$id.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$id.wav"
    echo "$id: studio recording"
  elif [[ "$text" =~ ^tone:([0-9]+):([0-9.]+)$ ]]; then
    # A short sine tone with soft edges (no click), 6 dB below full scale.
    hz="${BASH_REMATCH[1]}" seconds="${BASH_REMATCH[2]}"
    sox -n -r 8000 -c 1 -b 16 -e signed-integer "$out/$id.wav" synth "$seconds" sine "$hz" fade q 0.02 "$seconds" 0.02 gain -6
    echo "$id: tone $hz Hz, $seconds s"
  elif [[ "$text" == *"{"* ]]; then
    echo "$id: unknown placeholder in '$text'" >&2
    exit 1
  else
    espeak-ng -v "$voice" -s "$speed" -w "$tmp/$id.wav" "$text"
    # Telephone band, a little louder, then 8 kHz mono 16-bit.
    sox "$tmp/$id.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$id.wav" highpass 300 lowpass 3400 norm -3
    echo "$id: espeak-ng $voice"
  fi
  count=$((count + 1))
done < "$here/prompts.tsv"
echo "$count prompts in $out"
