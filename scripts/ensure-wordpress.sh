#!/bin/sh
# The WordPress browser test (tests/browser/test_wordpress.py) embeds the quiz the way WordPress
# does: with WordPress's own resizer (wp-embed.min.js), embed stylesheet and oEmbed filter (run by
# PHP), all from Debian's `wordpress` package. Nothing of it is copied into this repository.
# The package brings PHP and Apache with it (about 25 packages, 35 s here); the test starts neither
# Apache nor WordPress (where Debian starts services on install, `systemctl disable --now apache2`).
set -e
[ -f /usr/share/wordpress/wp-includes/js/wp-embed.min.js ] && command -v php >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's wordpress for the WordPress embed test…"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wordpress >/dev/null
else
  echo "The WordPress embed test needs Debian's wordpress: run 'sudo apt-get install --no-install-recommends wordpress'." >&2
  exit 1
fi
