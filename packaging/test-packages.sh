#!/usr/bin/env bash
# Builds the Debian packages from build/ (cpack), checks them with lintian (errors and
# warnings fail; the remaining tags are overridden with a reason, packaging/README.md),
# installs them with apt-get (dependencies resolved), runs the installed sluiced with the
# installed configuration on a free port until /readyz answers, checks that configuration
# with `sluiced check-config`, checks the desktop entry, metainfo, icons, man pages and the
# unit, then purges both packages and checks that nothing they put on the system is left.
# Needs root (CI runs as root on Debian 12) and a build (packaging/build.sh).
# Usage: packaging/test-packages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "test-packages.sh installs packages: run it as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
work=$(mktemp -d)
daemon=""
cleanup() {
    if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

step "Building the packages (cpack)"
rm -rf build/packages
cpack --config build/CPackConfig.cmake -B build/packages >/dev/null
debs=(build/packages/sluice_*.deb build/packages/sluiced_*.deb)
for deb in "${debs[@]}"; do
    [ -f "$deb" ] || fail "cpack made no $deb"
    echo "$deb: $(du -h "$deb" | cut -f1)"
    dpkg-deb -f "$deb" Package Version Depends | sed 's/^/  /'
done

step "lintian"
lintian --fail-on error,warning --display-info "${debs[@]}"

step "Installing what the packages depend on"
if dpkg-query -W -f='${Status}' sluiced 2>/dev/null | grep -q "ok installed" ||
   dpkg-query -W -f='${Status}' sluice 2>/dev/null | grep -q "ok installed"; then
    apt-get purge -y -qq sluice sluiced >/dev/null
fi
for deb in "${debs[@]}"; do
    apt-get satisfy -y -qq --no-install-recommends "$(dpkg-deb -f "$deb" Depends)" >/dev/null
done

# Every path a package could leave behind, before: compared after the purge. Left out: the
# package managers' own records, and the icon and MIME caches that dpkg triggers regenerate
# (files of no package, whose contents change but which stay).
snapshot() {
    find /etc /usr /var/lib /lib/systemd -xdev \
        \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/man-db \) -prune -o \
        \( -name icon-theme.cache -o -name mimeinfo.cache \) -prune -o -print 2>/dev/null | sort
}
snapshot > "$work/before"

step "apt-get install ./build/packages/*.deb"
apt-get install -y -qq --no-install-recommends "./${debs[0]}" "./${debs[1]}" >/dev/null
dpkg -L sluice sluiced | grep -v '^/\.$' | sort -u > "$work/installed"
for path in /usr/bin/sluice /usr/bin/sluiced /etc/sluice/sluice.toml /lib/systemd/system/sluiced.service \
            /usr/share/applications/io.github.sluice.Sluice.desktop \
            /usr/share/metainfo/io.github.sluice.Sluice.metainfo.xml \
            /usr/share/icons/hicolor/scalable/apps/io.github.sluice.Sluice.svg \
            /usr/share/icons/hicolor/16x16/apps/io.github.sluice.Sluice.png \
            /usr/share/icons/hicolor/256x256/apps/io.github.sluice.Sluice.png \
            /usr/share/man/man1/sluice.1.gz /usr/share/man/man8/sluiced.8.gz \
            /usr/bin/sluicectl /usr/share/man/man1/sluicectl.1.gz \
            /usr/share/bash-completion/completions/sluicectl \
            /usr/share/sluice/sluice.example.toml; do
    grep -qx "$path" "$work/installed" || fail "$path is not in the packages"
done
grep -qx /etc/sluice/sluice.toml /var/lib/dpkg/info/sluiced.conffiles || fail "/etc/sluice/sluice.toml is not a conffile"
getent passwd _sluiced >/dev/null || fail "postinst made no user _sluiced"
[ "$(stat -c %U /var/lib/sluiced)" = _sluiced ] || fail "/var/lib/sluiced is not _sluiced's"
echo "installed: $(wc -l < "$work/installed") paths, user _sluiced, /var/lib/sluiced"

step "The installed files"
sluiced --version
sluicectl --version
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM sluice --version
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM sluice --help >/dev/null
sluiced check-config /etc/sluice/sluice.toml
desktop-file-validate /usr/share/applications/io.github.sluice.Sluice.desktop
appstreamcli validate --no-net --explain /usr/share/metainfo/io.github.sluice.Sluice.metainfo.xml
man -w sluiced sluice sluicectl >/dev/null
systemd-analyze verify /lib/systemd/system/sluiced.service
systemd-analyze security --offline=yes /lib/systemd/system/sluiced.service | tail -1

step "Running the installed sluiced as _sluiced on a free port"
data="$work/data"
install -d -o _sluiced -g _sluiced -m 0700 "$data"
chmod 0755 "$work"
log="$work/sluiced.log"
key=$(setpriv --reuid=_sluiced --regid=_sluiced --init-groups /usr/bin/sluiced keys create --role admin \
    --name package-test --data-dir "$data")
setpriv --reuid=_sluiced --regid=_sluiced --init-groups /usr/bin/sluiced --config /etc/sluice/sluice.toml --data-dir "$data" \
    --listen 127.0.0.1:0 2> "$log" &
daemon=$!
port=""
for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && break
    kill -0 "$daemon" 2>/dev/null || { cat "$log"; fail "sluiced exited"; }
    sleep 0.1
done
[ -n "$port" ] || { cat "$log"; fail "sluiced did not listen"; }
ready=$(curl -fsS "http://127.0.0.1:$port/readyz")
echo "/readyz on port $port: $ready"
SLUICE_API_KEY="$key" sluicectl --url "http://127.0.0.1:$port" status
SLUICE_API_KEY="$key" sluicectl --url "http://127.0.0.1:$port" --json pools >/dev/null
kill -TERM "$daemon"
wait "$daemon" || fail "sluiced did not stop cleanly on SIGTERM"
daemon=""

step "Purging"
apt-get purge -y -qq sluice sluiced >/dev/null
for path in /etc/sluice /var/lib/sluiced /usr/bin/sluiced /usr/bin/sluice /usr/bin/sluicectl; do
    [ ! -e "$path" ] || fail "$path is left after the purge"
done
snapshot > "$work/after"
if ! diff -u "$work/before" "$work/after"; then
    fail "the purge left the paths above (+) or removed them (-)"
fi
# The system user stays, as Debian leaves system users (postrm says why); this test removes
# it to leave the machine as it found it.
getent passwd _sluiced >/dev/null && deluser --system --quiet _sluiced >/dev/null 2>&1 || true
echo
echo "packages OK: lintian clean, installed, served /readyz, purged without a trace"
