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
## netpol-list: txt, json, csv, md, dot or mermaid.
NETPOL_LIST_OUTPUT ?= txt
## netpol-diff: the policy files before the change (none by default: the demo's manifests alone), and the format.
BASE ?=
NETPOL_DIFF_OUTPUT ?= txt
## netpol-graph: the SVG to write.
NETPOL_GRAPH ?= netpol-graph.svg
## bench-netpol: the generated cluster and the number of timed rounds (matrix), and the cluster of the list.
BENCH_PODS ?= 500
BENCH_POLICIES ?= 200
BENCH_ROUNDS ?= 5
BENCH_LIST_PODS ?= 10000
BENCH_LIST_WORKLOADS ?= 2000
BENCH_LIST_NAMESPACES ?= 100
BENCH_LIST_POLICIES ?= 2000
BENCH_LIST_ROUNDS ?= 3
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
$(call check-one-of,NETPOL_LIST_OUTPUT,txt json csv md dot mermaid)
$(call check-paths,BASE,optional)
$(call check-one-of,NETPOL_DIFF_OUTPUT,txt json csv md)
$(call check-path,NETPOL_GRAPH)
$(call check-number,BENCH_LIST_PODS)
$(call check-number,BENCH_LIST_WORKLOADS)
$(call check-number,BENCH_LIST_NAMESPACES)
$(call check-number,BENCH_LIST_POLICIES)
$(call check-number,BENCH_LIST_ROUNDS)

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

.PHONY: netpol-list
netpol-list: require-netpol-manifests ## Every allowed connection between the demo's workloads with POLICY, over every port (NETPOL_LIST_OUTPUT=txt|json|csv|md|dot|mermaid).
	@$(NETPOL) list $(NETPOL_INPUTS) -o "$(NETPOL_LIST_OUTPUT)"

.PHONY: netpol-graph
netpol-graph: require-netpol-manifests require-graphviz ## Draw those connections as an SVG with graphviz (NETPOL_GRAPH=file.svg).
	@$(NETPOL) list $(NETPOL_INPUTS) -o dot | dot -Tsvg -o "$(NETPOL_GRAPH)"
	@echo "wrote $(NETPOL_GRAPH)"

.PHONY: netpol-diff
netpol-diff: require-netpol-manifests ## What going from BASE (default: no policy) to POLICY opens, closes or changes (NETPOL_DIFF_OUTPUT=txt|json|csv|md).
	@status=0; $(NETPOL) diff -n $(NETPOL_NAMESPACE) --before $(NETPOL_MANIFESTS) $(BASE) \
	  --after $(NETPOL_MANIFESTS) $(POLICY) -o "$(NETPOL_DIFF_OUTPUT)" || status=$$?; \
	  if [ "$$status" -eq 0 ]; then echo "no change"; elif [ "$$status" -ne 1 ]; then exit "$$status"; fi

.PHONY: netpol-test
netpol-test: ## Run the evaluator's tests (semantics table, lints, command line).
	$(MVNW) -pl netpol verify

.PHONY: bench-netpol
bench-netpol: ## Time the full matrix (BENCH_PODS, BENCH_POLICIES) and list (BENCH_LIST_*) against a parse baseline.
	$(MVNW) -q -pl netpol -DskipTests package
	@$(JAVA) -cp netpol/target/netpol-0.1.0-SNAPSHOT-cli.jar io.netpoldemo.netpol.bench.MatrixBenchmark \
	  $(BENCH_PODS) $(BENCH_POLICIES) $(BENCH_ROUNDS)
	@echo
	@# The list's budget: 2 cores and a 1 GiB heap.
	@$(JAVA) -Xmx1g -XX:ActiveProcessorCount=2 -cp netpol/target/netpol-0.1.0-SNAPSHOT-cli.jar \
	  io.netpoldemo.netpol.bench.ListBenchmark $(BENCH_LIST_PODS) $(BENCH_LIST_WORKLOADS) $(BENCH_LIST_NAMESPACES) \
	  $(BENCH_LIST_POLICIES) $(BENCH_LIST_ROUNDS)

.PHONY: require-netpol-manifests
require-netpol-manifests:
	@test -n "$(strip $(NETPOL_MANIFESTS))" || { echo "netpol: no manifests in k8s/*.yaml (set NETPOL_MANIFESTS)" >&2; exit 2; }
	@for f in $(POLICY) $(BASE); do test -f "$$f" || { echo "netpol: POLICY or BASE file $$f not found; the scenarios are:" \
	  $$(ls k8s/policies 2>/dev/null) >&2; exit 2; }; done

.PHONY: require-graphviz
require-graphviz:
	@command -v dot >/dev/null || { echo "netpol: netpol-graph needs graphviz's dot: sudo apt-get install graphviz" \
	  "(Debian, Ubuntu), brew install graphviz (macOS); or use NETPOL_LIST_OUTPUT=dot|mermaid with netpol-list" >&2; exit 2; }
