# Sourced by Tools/run and Tools/test: checks for what the build needs and installs what is missing
# (as root through apt-get; otherwise it prints the exact command and stops).

die() { echo "error: $*" >&2; exit 1; }

require_swift() {
    command -v swift >/dev/null 2>&1 || die "the Swift toolchain (6.0 or later) is not on PATH; see https://swift.org/install"
}

# ensure_debian_packages PACKAGE... installs the Debian packages that are not installed yet.
ensure_debian_packages() {
    local missing=()
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        die "missing ${missing[*]}; install them with your system's package manager"
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "onestop needs: ${missing[*]}. Install them with:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "installing ${missing[*]} ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } \
        || die "could not install ${missing[*]}"
}

# The C libraries the Swift packages link against.
ensure_build_prerequisites() {
    require_swift
    ensure_debian_packages libsqlite3-dev libcurl4-openssl-dev pkg-config
}

# The Python test tools from PyPI (the reference Standard Webhooks verifier), in a virtual environment
# under .build/ so that nothing is installed system-wide; Tools/test points the tests at it.
TOOLS_VENV=".build/tools-venv"
TOOLS_REQUIREMENTS="standardwebhooks==1.1.0 selenium==4.38.0 schemathesis==4.32.5 axe-selenium-python==2.1.6 aiosmtpd==1.4.6"

ensure_test_tools() {
    if ! command -v python3 >/dev/null 2>&1; then
        ensure_debian_packages python3 python3-venv
    fi
    if [ ! -x "$TOOLS_VENV/bin/python" ] || ! "$TOOLS_VENV/bin/python" -c "import standardwebhooks, selenium, schemathesis, axe_selenium_python, aiosmtpd" >/dev/null 2>&1; then
        echo "installing the Python test tools into $TOOLS_VENV ..." >&2
        rm -rf "$TOOLS_VENV"
        if ! python3 -m venv "$TOOLS_VENV" >/dev/null 2>&1; then
            ensure_debian_packages python3-venv
            python3 -m venv "$TOOLS_VENV" || die "could not create a Python virtual environment in $TOOLS_VENV"
        fi
        "$TOOLS_VENV/bin/pip" install -q --disable-pip-version-check $TOOLS_REQUIREMENTS \
            || die "could not install $TOOLS_REQUIREMENTS from PyPI into $TOOLS_VENV"
    fi
    export ONESTOP_TEST_PYTHON="$PWD/$TOOLS_VENV/bin/python"
}

# A real browser for the page tests: Debian's Chromium and its WebDriver, and CJK fonts so that
# screenshots show Chinese rather than boxes.
ensure_browser() {
    ensure_debian_packages chromium chromium-driver fonts-noto-cjk
}

# A throwaway PostgreSQL cluster for the tests: Debian's server, initdb into a temporary directory, a
# free loopback port, trust authentication (loopback only), fsync off. As root it runs as the
# `postgres` user (initdb refuses root). Exports ONESTOP_TEST_POSTGRES_URL; stop_test_postgres ends it.
# When it cannot start, the run stops here and says why: tests are never skipped silently.
start_test_postgres() {
    ensure_debian_packages postgresql
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -x "$bin/initdb" ] || die "PostgreSQL's initdb was not found under /usr/lib/postgresql/*/bin"
    TEST_POSTGRES_DIR="$(mktemp -d /tmp/onestop-postgres.XXXXXX)"
    TEST_POSTGRES_BIN="$bin"
    TEST_POSTGRES_AS=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$TEST_POSTGRES_DIR"
        TEST_POSTGRES_AS=(runuser -u postgres --)
    fi
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${TEST_POSTGRES_AS[@]}" "$bin/initdb" -D "$TEST_POSTGRES_DIR/data" -U onestop --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$TEST_POSTGRES_DIR/initdb.log" 2>&1 \
        || die "PostgreSQL's initdb failed: $(tail -5 "$TEST_POSTGRES_DIR/initdb.log")"
    "${TEST_POSTGRES_AS[@]}" "$bin/pg_ctl" -D "$TEST_POSTGRES_DIR/data" -l "$TEST_POSTGRES_DIR/server.log" -w -t 60 \
        -o "-p $port -k $TEST_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=500" start >/dev/null \
        || die "PostgreSQL did not start: $(tail -5 "$TEST_POSTGRES_DIR/server.log")"
    "${TEST_POSTGRES_AS[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U onestop onestop_test \
        || die "could not create the test database on PostgreSQL at 127.0.0.1:$port"
    export ONESTOP_TEST_POSTGRES_URL="postgres://onestop@127.0.0.1:$port/onestop_test"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at 127.0.0.1:$port" >&2
}

stop_test_postgres() {
    if [ -n "${TEST_POSTGRES_DIR:-}" ] && [ -d "$TEST_POSTGRES_DIR/data" ]; then
        "${TEST_POSTGRES_AS[@]}" "$TEST_POSTGRES_BIN/pg_ctl" -D "$TEST_POSTGRES_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$TEST_POSTGRES_DIR"
    fi
}

# The release onestop a benchmark measures, printed: with no argument, this checkout's, built now; with a
# path to an executable, that one; with a git revision, that revision built in .build-baseline-REV/ (a worktree
# kept for the next run), so that two builds can be measured in the same conditions.
release_binary() {
    local choice="${1:-}"
    if [ -z "$choice" ]; then
        swift build -c release --product onestop >&2
        echo "$(swift build -c release --show-bin-path)/onestop"
    elif [ -x "$choice" ] && [ -f "$choice" ]; then
        realpath "$choice"
    else
        local commit tree
        commit="$(git rev-parse --short "$choice^{commit}" 2>/dev/null)" || die "$choice is neither an executable nor a git revision"
        tree=".build-baseline-$commit"
        [ -d "$tree" ] || git worktree add --detach "$tree" "$commit" >&2
        (cd "$tree" && swift build -c release --product onestop >&2)
        realpath "$tree/.build/release/onestop"
    fi
}
