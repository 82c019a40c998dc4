# Sourced by ./mvnw, ./chatlog and .ci/run: exports JAVA_HOME pointing at a JDK of 21 or newer.
# Order: JAVA_HOME when it is 21+, else the newest 21+ JDK under /usr/lib/jvm, else `java` on PATH.

chatlog_java_major() {
  # prints the feature version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

chatlog_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(chatlog_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      return 0
    fi
  fi
  best=""
  bestv=0
  for d in /usr/lib/jvm/*/ /usr/local/lib/jvm/*/ /opt/java/*/; do
    [ -x "${d}bin/javac" ] || continue
    [ -L "${d%/}" ] && continue
    v=$(chatlog_java_major "${d}bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then
      best=${d%/}
      bestv=$v
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(chatlog_java_major "$home/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      best=$home
    fi
  fi
  if [ -z "$best" ]; then
    echo "chatlog needs a JDK of 21 or newer: none found in JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm or PATH." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}

chatlog_find_jdk || exit 1
