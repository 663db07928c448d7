# The NetworkPolicy evaluator (netpol/, bin/netpol): what the demo's policies should do, and why, without a cluster.

NETPOL ?= bin/netpol
## The demo's manifests the evaluator reads (k8s/*.yaml; kustomization.yaml's namespace applies to them).
NETPOL_MANIFESTS ?= $(wildcard k8s/*.yaml)
## Namespace of policy files that name none (the scenarios in k8s/policies/ do not).
NETPOL_NAMESPACE ?= $(or $(NAMESPACE),netpol-demo)
## The calling pod of explain: the user service.
NETPOL_FROM ?= $(NETPOL_NAMESPACE)/app=user-app-pod
## explain, netpol-lint, netpol-reachability: the policy files on top of the manifests (several allowed).
POLICY ?=
## explain: VERBOSE=1 adds the full explanation of each target.
VERBOSE ?=
## netpol-reachability: port (number or name), protocol and output format.
NETPOL_PORT ?= 80
NETPOL_PROTOCOL ?= TCP
NETPOL_OUTPUT ?= table
## bench-netpol: the generated cluster and the number of timed rounds.
BENCH_PODS ?= 500
BENCH_POLICIES ?= 200
BENCH_ROUNDS ?= 5
$(call check-path,NETPOL)
$(call check-paths,NETPOL_MANIFESTS,optional)
$(call check-k8s-name,NETPOL_NAMESPACE)
$(call check-chars,NETPOL_FROM,$(validate-alnum) . _ - / =,a pod as namespace/name or namespace/label=value)
$(call check-paths,POLICY,optional)
$(call check-one-of,VERBOSE,0 1,optional)
# A port number, or a container port's name (an IANA service name, checked here for its characters only).
$(call check-chars,NETPOL_PORT,$(validate-lower) $(validate-digits) -,a port number or a container port name)
$(call check-one-of,NETPOL_PROTOCOL,TCP UDP SCTP)
$(call check-one-of,NETPOL_OUTPUT,table json)
$(call check-number,BENCH_PODS)
$(call check-number,BENCH_POLICIES)
$(call check-number,BENCH_ROUNDS)

# The user service's targets, exactly as its /check endpoints call them.
NETPOL_TARGETS = auth=http://auth-app-service:8124/authenticate \
	hello=http://helloworld-app-service:8889/ \
	github=https://api.github.com/users/octocat \
	httpbin=https://httpbin.org/ip \
	kube-dns=kube-dns.kube-system.svc.cluster.local:53 \
	argocd=http://argocd-server.argocd.svc.cluster.local/
NETPOL_INPUTS = -n $(NETPOL_NAMESPACE) -f $(NETPOL_MANIFESTS) $(POLICY)

##@ NetworkPolicy evaluator (offline: no cluster needed)

.PHONY: explain
explain: require-netpol-manifests ## What each user-service target should show with POLICY=k8s/policies/<file>.yaml, and why.
	@echo "Expected /check results from $(NETPOL_FROM) with $(if $(strip $(POLICY)),$(strip $(POLICY)),no NetworkPolicy):"
	@$(NETPOL) explain $(NETPOL_INPUTS) --from $(NETPOL_FROM) --to $(NETPOL_TARGETS) $(if $(filter 1,$(VERBOSE)),,--brief)

.PHONY: netpol-lint
netpol-lint: require-netpol-manifests ## Lint the demo's manifests plus POLICY (DNS blocked, Service ports, ...).
	@$(NETPOL) lint $(NETPOL_INPUTS)

.PHONY: netpol-reachability
netpol-reachability: require-netpol-manifests ## Pod-to-pod matrix of the demo with POLICY (NETPOL_PORT, NETPOL_OUTPUT=table|json).
	@$(NETPOL) reachability $(NETPOL_INPUTS) --port $(NETPOL_PORT) --protocol $(NETPOL_PROTOCOL) -o $(NETPOL_OUTPUT)

.PHONY: netpol-test
netpol-test: ## Run the evaluator's tests (semantics table, lints, command line).
	$(MVNW) -pl netpol verify

.PHONY: bench-netpol
bench-netpol: ## Time the full matrix for BENCH_PODS pods and BENCH_POLICIES policies against a parse baseline.
	$(MVNW) -q -pl netpol -DskipTests package
	@$(JAVA) -cp netpol/target/netpol-0.1.0-SNAPSHOT-cli.jar io.netpoldemo.netpol.bench.MatrixBenchmark \
	  $(BENCH_PODS) $(BENCH_POLICIES) $(BENCH_ROUNDS)

.PHONY: require-netpol-manifests
require-netpol-manifests:
	@test -n "$(strip $(NETPOL_MANIFESTS))" || { echo "netpol: no manifests in k8s/*.yaml (set NETPOL_MANIFESTS)" >&2; exit 2; }
	@for f in $(POLICY); do test -f "$$f" || { echo "netpol: POLICY file $$f not found; the scenarios are:" \
	  $$(ls k8s/policies 2>/dev/null) >&2; exit 2; }; done
