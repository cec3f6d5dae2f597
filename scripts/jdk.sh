# Sourced by the other scripts: selects a JDK >= 22 (java.lang.foreign is final since 22;
# the build targets 25) and exports JAVA_HOME and PATH. Prints why when none is found.

java_major() {
    # $1 = path to a java binary; prints its feature version (17, 25, ...) or nothing. The JDK's
    # release file answers without starting a JVM (a JVM start costs ~0.2 s on these machines).
    local release
    release="$(dirname "$(dirname "$1")")/release"
    if [ -f "$release" ] && grep -q '^JAVA_VERSION="[0-9]' "$release"; then
        sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n1
        return
    fi
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

select_jdk() {
    local needed=25 v
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        v=$(java_major "$JAVA_HOME/bin/java")
        if [ -n "$v" ] && [ "$v" -ge "$needed" ]; then
            export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    fi
    local best="" bestv=0 cand
    for cand in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        [ -x "$cand/bin/javac" ] || continue
        v=$(java_major "$cand/bin/java")
        [ -n "$v" ] || continue
        if [ "$v" -ge "$needed" ] && [ "$v" -gt "$bestv" ]; then
            best=$cand; bestv=$v
        fi
    done
    if [ -z "$best" ]; then
        echo "duoboot: no JDK >= $needed found (JAVA_HOME=${JAVA_HOME:-unset}, searched /usr/lib/jvm); install one, e.g. Temurin 25, and set JAVA_HOME" >&2
        return 1
    fi
    export JAVA_HOME="$best" PATH="$best/bin:$PATH"
}

# Maven 3.8's bundled Guava touches sun.misc.Unsafe; keep JDK 25 from warning about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Dstyle.color=never"
