#!/bin/sh
# tools/install-deps.sh - installs what building and testing migc needs.
#
# On Debian as root it runs apt-get for whatever is missing; otherwise it
# prints the command to run.  Needed: a C compiler, make, flex, bison,
# libpq-dev, libpg-query-dev (PostgreSQL 15's parser as a library: migc
# checks plain SQL statements with it), a PostgreSQL server (for the
# end-to-end tests and the demo) and python3 (the tests generate large
# projects with tests/tools/genproject.py), python3-alembic and
# python3-sqlalchemy (migc import alembic's test renders revisions with
# Debian's Alembic, under /usr/bin/python3).
# The static libpq (tools/build-libpq.sh) needs dpkg-dev (apt-get source
# unpacks with dpkg-source), xz-utils and bzip2 (the source tarballs),
# libssl-dev (OpenSSL's headers and static archives); the artifact test
# makes a throwaway certificate authority with openssl.  The fuzz targets
# need clang and its libFuzzer runtime (libclang-rt-dev).  The end-to-end
# tests also run: strace (the durability test counts round trips), ps of
# procps (it kills the server's children), runuser and unshare of
# util-linux (the server runs as postgres; the artifact test's chroot),
# timeout and stat of coreutils, cmp and diff of diffutils, mawk or gawk;
# man of man-db and groff-base (79-install.t renders the man pages), zsh and
# fish (it checks that their completion files parse), debootstrap
# (77-debroot.t installs the package into a clean Debian 12 root).
# Debian 12 marks some of these essential; they are listed anyway so that
# a trimmed image gets them back.  Python modules used: the standard
# library, Debian's alembic and sqlalchemy for the import test, and
# SQLAlchemy for the naming-convention and models tests (89-naming.t
# compares migc's names with SQLAlchemy's, 86-models-sqlalchemy.t writes
# schema.mig from models), and SQLModel for 86-models-sqlmodel.t.
set -eu
PKGS="gcc make flex bison libpq-dev libpg-query-dev pkg-config postgresql postgresql-client python3
      python3-alembic python3-sqlalchemy python3-sqlmodel
      dpkg-dev xz-utils bzip2 libssl-dev openssl clang libclang-rt-dev
      strace procps util-linux coreutils diffutils mawk python3-sqlalchemy
      man-db groff-base zsh fish debootstrap"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "install-deps: everything is installed"
	exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# --no-install-recommends keeps the image small; the server's cluster is
	# never started: tests run their own throwaway server.
	apt-get install -y -qq --no-install-recommends $missing
else
	echo "install-deps: missing packages:$missing"
	echo "install-deps: run: sudo apt-get install$missing"
	exit 1
fi
