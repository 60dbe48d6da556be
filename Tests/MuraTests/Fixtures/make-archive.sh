#!/usr/bin/env bash
# Writes a small archive with a given `mura` executable, for the tests that check that archives written by an
# earlier release still open, verify and rebuild unchanged (Tests/MuraTests/CompatibilityTests.swift).
#
#   Tests/MuraTests/Fixtures/make-archive.sh MURA OUT     MURA: the mura executable of the release; OUT: a new folder
#
# OUT gets the archive (archive/), the files it ingested (inputs/) and what that release printed about them
# (expected/: list, history of each document, token list, verify, and the secret of the token "newsroom").
# Capture times are fixed, so the versions are the same on every run; token ids and the times of tokens, exports
# and verifies are not.
set -euo pipefail
mura="$(realpath "${1:?usage: make-archive.sh MURA OUT}")"
out="${2:?usage: make-archive.sh MURA OUT}"
[ ! -e "$out" ] || { echo "make-archive.sh: $out exists; give a new folder" >&2; exit 64; }
mkdir -p "$out/inputs" "$out/expected"
out="$(realpath "$out")"
archive="$out/archive"
inputs="$out/inputs"
m() { "$mura" "$@" --archive "$archive"; }

cat >"$inputs/press-1-v1.txt" <<'EOF'
Ministry opens a public reading room

Published 1 May 2024

The ministry's archive opens its reading room to the public on weekdays from nine to six.
EOF
cat >"$inputs/press-1-v2.txt" <<'EOF'
Ministry opens a public reading room

Published 1 May 2024, updated 3 June 2024

The ministry's archive opens its reading room to the public on weekdays from nine to seven, and on Saturdays.
EOF
cat >"$inputs/factsheet.html" <<'EOF'
<!DOCTYPE html>
<html lang="ru">
<head><meta charset="utf-8"><title>Factsheet: the national library in figures</title>
<link rel="canonical" href="https://example.gov.kz/ru/press/factsheet-2024"></head>
<body>
<nav><a href="/">Главная</a> <a href="/ru/press">Пресс-центр</a></nav>
<main><article>
<h1>Factsheet: the national library in figures</h1>
<p>Дата публикации 01 марта 2024</p>
<p>The national library holds 6.2 million items, of which 1.4 million are in Kazakh and 3.1 million in Russian.</p>
<p>Its reading rooms seat 1,200 readers; the digital collection added 48,000 scanned books last year.</p>
</article></main>
<aside><h2>Сейчас читают</h2><ul><li><a href="/ru/press/1">Другая новость</a></li></ul></aside>
<footer><a href="/ru/about">О нас</a> <a href="/ru/contacts">Контакты</a></footer>
</body>
</html>
EOF
cat >"$inputs/kk-notice.txt" <<'EOF'
Мұрағат оқу залы жаңа кестемен жұмыс істейді

Жарияланған күні: 20 наурыз 2024

Оқу залы дүйсенбіден жұмаға дейін сағат тоғыздан алтыға дейін ашық.
EOF
cat >"$inputs/feed.json" <<'EOF'
{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Press office",
  "items": [
    {
      "id": "https://example.org/news/7",
      "url": "https://example.org/news/7",
      "title": "New opening hours",
      "content_text": "From April the press office answers calls from eight to five.",
      "date_published": "2024-03-28T09:00:00Z",
      "language": "en"
    }
  ]
}
EOF

m init --organization "Mura test press office" >/dev/null
m ingest --id press/1 --url https://example.org/press/1 --captured-at 2024-05-01T09:00:00Z "$inputs/press-1-v1.txt" >/dev/null
m ingest --id press/1 --captured-at 2024-05-02T09:00:00Z "$inputs/press-1-v1.txt" >/dev/null
m ingest --id press/1 --captured-at 2024-06-03T09:00:00Z "$inputs/press-1-v2.txt" >/dev/null
m ingest --id factsheet --captured-at 2024-03-01T12:00:00Z "$inputs/factsheet.html" >/dev/null
m ingest --id kk/notice --captured-at 2024-03-20T08:30:00Z "$inputs/kk-notice.txt" >/dev/null
m ingest --captured-at 2024-03-28T10:00:00Z "$inputs/feed.json" >/dev/null
m token create --role write --name "newsroom" --json >"$out/expected/newsroom-token.json"
revoked="$(m token create --role read --name "old reader" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
m token revoke "$revoked" >/dev/null
m token create --role read --name "library" >/dev/null
m export --all --to "$out/export-bag" >/dev/null
rm -rf "$out/export-bag"
m verify --json >"$out/expected/verify.json"

m list --json >"$out/expected/list.json"
m token list --json >"$out/expected/tokens.json"
python3 - "$out/expected/list.json" <<'EOF' | while IFS= read -r id; do
import json, sys
for document in json.load(open(sys.argv[1])):
    print(document["id"])
EOF
    m history "$id" --json >"$out/expected/history-$(printf '%s' "$id" | tr -c 'A-Za-z0-9._-' '_').json"
done

# A writer closes the catalog without folding its write-ahead log into it; the fixture is the database alone.
python3 - "$archive/catalog.sqlite" <<'EOF'
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
connection.close()
EOF
rm -f "$archive/catalog.sqlite-wal" "$archive/catalog.sqlite-shm"
"$mura" --version >"$out/expected/mura-version.txt" 2>/dev/null || true
echo "make-archive.sh: wrote $out" >&2
