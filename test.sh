#!/usr/bin/env bash
# The README's test command: brings what the tests need, then runs every test of the solution.
# The four NATS tests need a nats-server with JetStream: .ci/services.sh installs Debian's nats-server when it is
# missing (apt-get, with sudo when not root), starts it on a free local port and stops it when this script ends.
# Arguments go to `dotnet test` (`./test.sh --filter FullyQualifiedName~Hosting`, `./test.sh --no-build`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=.ci/services.sh
source .ci/services.sh
dotnet test LcPfn.sln -c Release "$@"
