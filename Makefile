# netpol-demo: see what a Kubernetes NetworkPolicy does, as live HTTP results.
# `make help` lists every target. Variables marked ?= can be overridden: `make deploy NAMESPACE=demo`.

SHELL = /usr/bin/env bash -o pipefail
.SHELLFLAGS = -ec
.DEFAULT_GOAL := help

# First: the checks every variable a user may set goes through before it reaches a shell (make/validate.mk says why).
include make/validate.mk

# Java: the build compiles for Java 21; prefer the Temurin 25 JDK when the machine has it.
TEMURIN_HOME ?= /usr/lib/jvm/temurin-25-jdk-amd64
$(call check-path,TEMURIN_HOME)
$(call check-path,JAVA_HOME,optional)
ifneq ($(wildcard $(TEMURIN_HOME)/bin/java),)
export JAVA_HOME := $(TEMURIN_HOME)
endif
JAVA ?= $(if $(JAVA_HOME),$(JAVA_HOME)/bin/java,java)
MVNW ?= ./mvnw -B -ntp
$(call check-path,JAVA)
$(call check-words,MVNW)
$(call check-words,MAKE)

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "\nUsage:\n  make \033[36m<target>\033[0m\n"} \
	  /^[a-zA-Z_0-9%-]+:.*?##/ { printf "  \033[36m%-36s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Build and test

.PHONY: build
build: ## Build the jars of every module (tests skipped).
	$(MVNW) -DskipTests package

.PHONY: test
test: ## Run every test: unit, integration, lab end-to-end and browser tests.
	$(MVNW) verify

.PHONY: clean
clean: ## Remove build output.
	$(MVNW) -q clean

# In the order a newcomer meets them: a local run and its board, then Kubernetes, the evaluator and the lab.
include make/local.mk make/board.mk make/k8s.mk make/netpol.mk make/lab.mk

##@ Benchmarks

.PHONY: bench
bench: bench-services bench-netpol bench-lab ## Run every benchmark; figures go to docs/BENCHMARKS.md.

# Last: refuse a command-line variable that no makefile checked (make/validate.mk says why).
$(call check-command-line)
