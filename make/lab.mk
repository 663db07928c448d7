# The lab: the demo's manifests and NetworkPolicies enforced by the Linux kernel, no cluster needed (Linux, root).
# Everything is done by lab/bin/lab; these targets only pass the variables on. The Kubernetes targets call them with
# LAB=1 (make apply-user-internet-access LAB=1, make test-user-to-all-services LAB=1).

LAB_BIN ?= lab/bin/lab
## Network namespace name prefix and state directory of the lab (tests use their own).
LAB_PREFIX ?= npd-
LAB_STATE_DIR ?= .lab
## lab-apply: the policy files to put in force (several allowed); lab-add: one file, and what it replaces.
POLICY ?=
REPLACES ?=
## lab-check: a target or group of the user service (all, peers, internet, cross-namespace, auth, hello, dns).
CHECK ?= all
FORMAT ?= text
## lab-matrix: the manifests to build a lab of (files or directories), how to reach each pod, the probe timeout,
## and the lab's own namespace prefix; the port, protocol and output are netpol-reachability's NETPOL_PORT,
## NETPOL_PROTOCOL and NETPOL_OUTPUT.
MANIFESTS ?=
MATRIX_VIA ?= pod
MATRIX_TIMEOUT ?= 1s
MATRIX_PREFIX ?= npm-
$(call check-path,LAB_BIN)
$(call check-chars,LAB_PREFIX,$(validate-lower) $(validate-digits) -,a prefix of lowercase letters$(validate-comma) digits and -)
$(if $(word 5,$(call validate-spread,$(LAB_PREFIX),$(validate-lower) $(validate-digits) -)),$(call validate-fail,LAB_PREFIX,a prefix of at most 4 characters (network interface names are limited to 15)))
$(call check-path,LAB_STATE_DIR)
$(call check-paths,POLICY,optional)
$(call check-paths,REPLACES,optional)
$(call check-k8s-name,CHECK)
$(call check-one-of,FORMAT,text json)
## lab-up, lab-cni: enforcing (policies enforced), or none (recorded, not enforced: a CNI without NetworkPolicy).
LAB_CNI ?= enforcing
$(call check-one-of,LAB_CNI,enforcing none)
$(call check-paths,MANIFESTS,optional)
$(call check-one-of,MATRIX_VIA,pod service)
$(call check-chars,MATRIX_TIMEOUT,$(validate-digits) m s,a probe timeout such as 1s or 500ms)
$(call check-chars,MATRIX_PREFIX,$(validate-lower) $(validate-digits) -,a prefix of lowercase letters$(validate-comma) digits and -)

LAB_ENV = LAB_PREFIX=$(LAB_PREFIX) LAB_STATE_DIR=$(LAB_STATE_DIR) JAVA=$(JAVA) MVNW="$(MVNW)"

##@ Lab: the demo in network namespaces, policies enforced by nftables (Linux, root)

.PHONY: lab-doctor
lab-doctor: ## Say what the lab needs (Linux, root, ip, nft, dnsmasq, curl, java) and whether this machine has it.
	@$(LAB_ENV) $(LAB_BIN) doctor

.PHONY: lab-up
lab-up: ## Build the lab: one network namespace per pod, Services, cluster DNS, the "internet" (LAB_CNI=none: no enforcement).
	@$(LAB_ENV) LAB_CNI="$(LAB_CNI)" $(LAB_BIN) up

.PHONY: lab-cni
lab-cni: ## Switch a running lab: LAB_CNI=enforcing enforces its policies, LAB_CNI=none only records them.
	@$(LAB_ENV) $(LAB_BIN) cni "$(LAB_CNI)"

.PHONY: lab-down
lab-down: ## Remove every namespace, process and file of the lab (idempotent, also after a failed lab-up).
	@$(LAB_ENV) $(LAB_BIN) down

.PHONY: lab-apply
lab-apply: ## Put exactly POLICY="k8s/policies/a.yaml ..." in force, atomically (invalid input changes nothing).
	@test -n "$(POLICY)" || { echo 'lab-apply needs POLICY="k8s/policies/<file>.yaml ..." (make lab-reset removes every policy)' >&2; exit 1; }
	@$(LAB_ENV) $(LAB_BIN) apply $(POLICY)

.PHONY: lab-add
lab-add: ## Add POLICY=k8s/policies/<file>.yaml to the policies in force, minus REPLACES="f1 f2" if given.
	@test -n "$(POLICY)" || { echo 'lab-add needs POLICY=k8s/policies/<file>.yaml (and optionally REPLACES="...")' >&2; exit 1; }
	@$(LAB_ENV) $(LAB_BIN) add $(POLICY) $(if $(strip $(REPLACES)),--replaces "$(strip $(REPLACES))")

.PHONY: lab-reset
lab-reset: ## Remove every NetworkPolicy from the lab: all traffic allowed again.
	@$(LAB_ENV) $(LAB_BIN) reset

.PHONY: lab-status
lab-status: ## Show the lab's namespaces, addresses, processes, Services, policies in force and dropped packets.
	@$(LAB_ENV) $(LAB_BIN) status

.PHONY: lab-check
lab-check: ## Run /check/CHECK from inside the user pod and decide (bin/check: exit 1 on MISMATCH; JUNIT=, STRICT=1).
	@LAB_STATE_DIR='$(LAB_STATE_DIR)' bin/check --lab --format $(call shell-quote,$(value FORMAT)) $(CHECK_OPTIONS) \
	  $(call shell-quote,$(value CHECK))

.PHONY: lab-matrix
lab-matrix: ## Kernel truth tables of MANIFESTS="dir-or-files ..." on NETPOL_PORT/NETPOL_PROTOCOL (MATRIX_VIA=service).
	@test -n "$(strip $(MANIFESTS))" || { echo 'lab-matrix needs MANIFESTS="dir-or-files ...", e.g. MANIFESTS=netpol/src/test/resources/xyz' >&2; exit 2; }
	@MATRIX_PREFIX=$(MATRIX_PREFIX) JAVA=$(JAVA) MVNW="$(MVNW)" $(LAB_BIN) matrix -f $(MANIFESTS) --port $(NETPOL_PORT) \
	  --protocol $(NETPOL_PROTOCOL) --via $(MATRIX_VIA) --timeout $(MATRIX_TIMEOUT) -o $(NETPOL_OUTPUT)

.PHONY: bench-lab
bench-lab: ## Benchmark the lab: lab-up to ready, lab-apply to the first /check/all showing it, checks under deny; the matrix lab.
	@$(LAB_ENV) lab/bin/lab-bench
	@lab/bin/lab-bench-matrix

.PHONY: bench-lab-matrix
bench-lab-matrix: ## Benchmark the matrix lab: building the x/y/z lab, one matrix against the probe timeout, teardown.
	@lab/bin/lab-bench-matrix
