#!/usr/bin/env bash
# Regenerates the Swift code for the protobuf schemas under streams/schema/.
#
# The generated code (Sources/MataresitCore/Generated/*.pb.swift) is committed on purpose:
# a normal `swift build` then needs neither protoc nor protoc-gen-swift (no build plugin,
# no code generator on build machines or in CI). Run this script only after editing a
# .proto file, and commit the regenerated files together with the schema change.
#
# Requirements: protoc (installed via apt-get when missing) and protoc-gen-swift, which is
# built here from the local package mirror at the same version as the SwiftProtobuf runtime
# the package depends on, so generated code and runtime always match.
set -euo pipefail

SWIFT_PROTOBUF_VERSION="1.39.0"
SWIFT_PROTOBUF_REPO="/opt/swift-packages/apple/swift-protobuf.git"
PLUGIN_SRC="${PLUGIN_SRC:-/tmp/swift-protobuf-src}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/../.." && pwd)"
cd "${REPO_ROOT}"

SCHEMA_DIR="streams/schema"
OUT_DIR="Sources/MataresitCore/Generated"

# 1. protoc
if ! command -v protoc >/dev/null 2>&1; then
    echo "protoc not found; installing protobuf-compiler" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    ${SUDO} apt-get update
    ${SUDO} apt-get install -y protobuf-compiler
fi

# 2. protoc-gen-swift at the runtime's version (reused when already built).
if [ ! -d "${PLUGIN_SRC}/.git" ]; then
    git clone -q "${SWIFT_PROTOBUF_REPO}" "${PLUGIN_SRC}"
fi
if [ "$(git -C "${PLUGIN_SRC}" describe --tags --exact-match 2>/dev/null || true)" != "${SWIFT_PROTOBUF_VERSION}" ]; then
    git -C "${PLUGIN_SRC}" fetch -q --tags origin || true
    git -C "${PLUGIN_SRC}" checkout -q "${SWIFT_PROTOBUF_VERSION}"
fi
PLUGIN_BIN_DIR="$(cd "${PLUGIN_SRC}" && swift build -c release --product protoc-gen-swift --show-bin-path)"
PLUGIN="${PLUGIN_BIN_DIR}/protoc-gen-swift"
if [ ! -x "${PLUGIN}" ]; then
    echo "building protoc-gen-swift ${SWIFT_PROTOBUF_VERSION} in ${PLUGIN_SRC} (takes a few minutes)" >&2
    (cd "${PLUGIN_SRC}" && swift build -c release --product protoc-gen-swift)
fi
echo "using $("${PLUGIN}" --version)" >&2

# 3. Generate every schema.
mapfile -t PROTOS < <(find "${SCHEMA_DIR}" -name '*.proto' | sort)
if [ "${#PROTOS[@]}" -eq 0 ]; then
    echo "no .proto files under ${SCHEMA_DIR}" >&2
    exit 1
fi
mkdir -p "${OUT_DIR}"
protoc \
    --plugin=protoc-gen-swift="${PLUGIN}" \
    --proto_path="${SCHEMA_DIR}" \
    --swift_out="${OUT_DIR}" \
    --swift_opt=Visibility=Public \
    --swift_opt=FileNaming=DropPath \
    "${PROTOS[@]}"

echo "generated into ${OUT_DIR}:" >&2
for proto in "${PROTOS[@]}"; do
    name="$(basename "${proto}" .proto)"
    echo "  ${OUT_DIR}/${name}.pb.swift" >&2
done
