# Two set-up commands on a fresh Debian 12 machine (as root):
#   make demo   install what is missing, build Release, serve the demo catalog on 127.0.0.1:4040
#   make test   install what is missing (MariaDB server and client drivers too), build, run ctest
BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc)
CONFIG     ?= etc/qproxy.cnf

BUILD_PKGS := cmake g++ make pkg-config libboost1.74-dev libboost-program-options1.74-dev \
              libfmt-dev libspdlog-dev libsqlite3-dev libmariadb-dev libssl-dev catch2
TEST_PKGS  := clang libclang-rt-14-dev sqlite3 mariadb-server mariadb-client \
              python3 python3-cryptography python3-pymysql python3-mysqldb python3-sqlalchemy python3-pandas \
              default-jdk-headless libmariadb-java unixodbc odbc-mariadb libdbd-mariadb-perl python3-pyodbc mycli \
              sysbench procps

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Installs only the packages dpkg does not already report as installed.
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

.PHONY: all deps deps-test configure build demo test fuzz bench clean

all: build

deps:
	$(call apt_install,$(BUILD_PKGS))

deps-test: deps
	$(call apt_install,$(TEST_PKGS))

configure:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/app/qproxy serve --config $(CONFIG) --demo

test: deps-test configure
	cmake --build $(BUILD) -j $(JOBS)
	cmake -S . -B $(BUILD)/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DQPROXY_FUZZ=ON -DQPROXY_TESTS=OFF >/dev/null
	cmake --build $(BUILD)/fuzz -j $(JOBS) --target fuzzers
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)
