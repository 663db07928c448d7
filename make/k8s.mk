# Kubernetes: a kind cluster, the images, the manifests in k8s/, the NetworkPolicy scenarios in k8s/policies/ and the
# guide's checks. With LAB=1 the scenario, check and status targets drive the lab (make/lab.mk) instead of a cluster.

NAMESPACE ?= netpol-demo
KIND_CLUSTER ?= netpol-demo
KUBECTL ?= kubectl
KIND ?= kind
DOCKER ?= docker
IMAGE_PREFIX ?= netpol-demo
IMAGE_TAG ?= latest
# kindnet enforces NetworkPolicy from kind v0.24 on; calico is the alternative for older kind or a closer look.
CNI ?= kindnet
CALICO_VERSION ?= v3.29.1
CALICO_MANIFEST ?= https://raw.githubusercontent.com/projectcalico/calico/$(CALICO_VERSION)/manifests/calico.yaml
LOCAL_PORT ?= 8080
LOG_LINES ?= 100
DNS_TEST_IMAGE ?= curlimages/curl
DNS_TEST_NAME ?= auth-app-service
# The namespace enforces Pod Security's restricted profile (k8s/namespace.yaml): the throwaway pod of test-dns runs
# as nobody, with RuntimeDefault seccomp, no capabilities and no privilege escalation. A JSON patch, since it needs
# no container name (kubectl run names the container after the pod).
DNS_TEST_OVERRIDES := [{"op":"add","path":"/spec/securityContext","value":{"runAsNonRoot":true,"runAsUser":65534,"runAsGroup":65534,"seccompProfile":{"type":"RuntimeDefault"}}},{"op":"add","path":"/spec/containers/0/securityContext","value":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}}}]
# RBAC=namespaced: the user service reads its own namespace only (k8s/components/namespaced-rbac); expectations for
# other namespaces then say UNKNOWN. The default, cluster, lets it decide calls into other namespaces too.
RBAC ?= cluster
# How long a kubectl call may wait for the API server, and a rollout for the pods.
REQUEST_TIMEOUT ?= 30s
ROLLOUT_TIMEOUT ?= 180s
LAB ?=
## The checks: JUNIT=path.xml also writes the round as JUnit XML; STRICT=1 fails on UNKNOWN too (bin/check).
JUNIT ?=
STRICT ?=
$(call check-k8s-name,NAMESPACE)
$(call check-k8s-name,KIND_CLUSTER)
$(call check-path,KUBECTL)
$(call check-path,KIND)
$(call check-path,DOCKER)
$(call check-chars,IMAGE_PREFIX,$(validate-lower) $(validate-digits) . _ - / :,an image repository prefix (lowercase letters$(validate-comma) digits and . _ - / :))
# An image tag: https://github.com/distribution/reference (letters, digits, _ . -, at most 128, not starting with . or -).
$(call check-chars,IMAGE_TAG,$(validate-alnum) _ . -,an image tag (letters$(validate-comma) digits and _ . -))
$(if $(filter . -,$(firstword $(call validate-spread,$(IMAGE_TAG),$(validate-alnum) _ . -))),$(call validate-fail,IMAGE_TAG,an image tag that starts with a letter$(validate-comma) digit or _))
$(call check-one-of,CNI,kindnet calico)
$(call check-one-of,RBAC,cluster namespaced)
$(call check-chars,CALICO_VERSION,$(validate-alnum) . _ -,a Calico version such as v3.29.1)
$(call check-url,CALICO_MANIFEST)
$(call check-port,LOCAL_PORT)
$(call check-number,LOG_LINES)
$(call check-chars,DNS_TEST_IMAGE,$(validate-lower) $(validate-digits) . _ - / : @,an image reference (lowercase letters$(validate-comma) digits and . _ - / : @))
$(call check-dns-name,DNS_TEST_NAME)
$(call check-duration,REQUEST_TIMEOUT)
$(call check-duration,ROLLOUT_TIMEOUT)
$(call check-one-of,LAB,0 1,optional)
$(call check-path,JUNIT,optional)
$(call check-one-of,STRICT,0 1,optional)

K8S_SERVICES := user-service auth-service helloworld-service
K8S_DEPLOYMENTS := user-app auth-app helloworld-app
K8S_IMAGES = $(foreach s,$(K8S_SERVICES),$(IMAGE_PREFIX)/$(s):$(IMAGE_TAG))
# deploy applies k8s/ through this generated overlay, which sets NAMESPACE and the image names.
K8S_OVERLAY := .run/k8s-overlay
POLICIES_DIR := k8s/policies
# The four user egress scenarios replace one another: the demo shows one state at a time. Add-ons stack.
USER_EGRESS_SCENARIOS := user-default-deny user-internet-access user-specific-rules user-specific-rules-with-dns
K8S_CLUSTER_GUARD = $(if $(filter 1,$(LAB)),,require-cluster)

policy-files = $(foreach p,$(1),$(POLICIES_DIR)/$(p).yaml)
# A value as one single-quoted shell word; callers pass $(value VAR) so that make expands nothing in it either.
shell-quote = '$(subst ','\'',$(1))'
# bin/check's options from JUNIT and STRICT; it validates them and exits 2 on a bad one.
CHECK_OPTIONS = $(if $(value JUNIT),--junit $(call shell-quote,$(value JUNIT))) $(if $(filter 1,$(value STRICT)),--strict)

# $(1): the scenario to apply; $(2): the scenarios it replaces (none for an add-on).
ifeq ($(LAB),1)
define apply-scenario
$(MAKE) lab-add POLICY=$(call policy-files,$(1))$(if $(2), REPLACES="$(call policy-files,$(2))")
endef
define run-check
$(MAKE) lab-check CHECK=$(1)
endef
else
define apply-scenario
$(if $(2),$(KUBECTL) delete --request-timeout=$(REQUEST_TIMEOUT) -n $(NAMESPACE) --ignore-not-found $(addprefix -f ,$(call policy-files,$(2))))
$(KUBECTL) apply --request-timeout=$(REQUEST_TIMEOUT) -n $(NAMESPACE) -f $(call policy-files,$(1))
endef
define run-check
KUBECTL='$(KUBECTL)' REQUEST_TIMEOUT='$(REQUEST_TIMEOUT)' bin/check --kubectl '$(NAMESPACE)' $(CHECK_OPTIONS) $(1)
endef
endif

##@ Kubernetes: cluster and deployment

.PHONY: cluster
cluster: require-kind require-docker ## Create the kind cluster KIND_CLUSTER with a NetworkPolicy-enforcing CNI (CNI=kindnet|calico).
	@if [ "$(CNI)" = kindnet ]; then \
	  v="$$($(KIND) version | awk '{print $$2}')"; \
	  if [ "$$(printf '%s\n' v0.24.0 "$$v" | sort -V | head -1)" != v0.24.0 ]; then \
	    echo "warning: kind $$v: kindnet enforces NetworkPolicy only from kind v0.24.0 on; upgrade kind or use CNI=calico" >&2; \
	  fi; \
	fi
	@if $(KIND) get clusters 2>/dev/null | grep -qx '$(KIND_CLUSTER)'; then \
	  echo "kind cluster $(KIND_CLUSTER) already exists"; \
	else \
	  printf '%s\n' 'kind: Cluster' 'apiVersion: kind.x-k8s.io/v1alpha4' \
	    $(if $(filter calico,$(CNI)),'networking:' '  disableDefaultCNI: true' '  podSubnet: 192.168.0.0/16') \
	    | $(KIND) create cluster --name '$(KIND_CLUSTER)' --wait 120s --config -; \
	fi
ifeq ($(CNI),calico)
	$(KUBECTL) --context 'kind-$(KIND_CLUSTER)' apply --request-timeout=$(REQUEST_TIMEOUT) -f $(CALICO_MANIFEST)
	$(KUBECTL) --context 'kind-$(KIND_CLUSTER)' -n kube-system rollout status daemonset/calico-node --timeout=300s
endif

.PHONY: cluster-delete
cluster-delete: require-kind ## Delete the kind cluster KIND_CLUSTER.
	$(KIND) delete cluster --name '$(KIND_CLUSTER)'

.PHONY: images
images: require-docker ## Build the three images into the local Docker engine with Jib (IMAGE_PREFIX, IMAGE_TAG).
	$(MVNW) -Pimages -pl user-service,auth-service,helloworld-service -am package -DskipTests \
	  -Dimage.prefix=$(IMAGE_PREFIX) -Dimage.tag=$(IMAGE_TAG)

.PHONY: manifests
manifests: require-kubectl k8s-overlay ## Print what deploy applies: k8s/ rendered with NAMESPACE and the image names.
	$(KUBECTL) kustomize $(K8S_OVERLAY)

.PHONY: deploy
deploy: require-kind require-cluster k8s-overlay ## Load the images into kind, apply k8s/ to NAMESPACE and wait for the pods.
	$(KIND) load docker-image --name '$(KIND_CLUSTER)' $(K8S_IMAGES)
	$(KUBECTL) apply --request-timeout=$(REQUEST_TIMEOUT) -k $(K8S_OVERLAY)
	$(foreach d,$(K8S_DEPLOYMENTS),$(KUBECTL) -n $(NAMESPACE) rollout status deployment/$(d) --timeout=$(ROLLOUT_TIMEOUT);)

.PHONY: undeploy
undeploy: require-cluster k8s-overlay ## Delete everything deploy created, the namespace and its policies included.
	$(KUBECTL) delete --request-timeout=$(REQUEST_TIMEOUT) --ignore-not-found -k $(K8S_OVERLAY)

.PHONY: k8s-overlay
k8s-overlay:
	@mkdir -p $(K8S_OVERLAY)
	@{ printf '%s\n' '# Generated by make (make/k8s.mk): k8s/ with NAMESPACE and the image names.' \
	    'apiVersion: kustomize.config.k8s.io/v1beta1' 'kind: Kustomization' 'namespace: $(NAMESPACE)' \
	    'resources:' '  - ../../k8s' \
	    $(if $(filter namespaced,$(RBAC)),'components:' '  - ../../k8s/components/namespaced-rbac') 'images:'; \
	  $(foreach s,$(K8S_SERVICES),printf '%s\n' '  - name: netpol-demo/$(s)' '    newName: $(IMAGE_PREFIX)/$(s)' '    newTag: "$(IMAGE_TAG)"';) \
	} > $(K8S_OVERLAY)/kustomization.yaml

##@ Kubernetes: NetworkPolicy scenarios (LAB=1 applies them to the lab instead)

.PHONY: apply-user-default-deny
apply-user-default-deny: $(K8S_CLUSTER_GUARD) ## Isolate the user pods' egress: nothing allowed, DNS included.
	$(call apply-scenario,user-default-deny,$(filter-out user-default-deny,$(USER_EGRESS_SCENARIOS)))

.PHONY: apply-user-internet-access
apply-user-internet-access: $(K8S_CLUSTER_GUARD) ## The guide's policy: hello on TCP 8888 plus `to: []` (everything).
	$(call apply-scenario,user-internet-access,$(filter-out user-internet-access,$(USER_EGRESS_SCENARIOS)))

.PHONY: apply-user-specific-rules
apply-user-specific-rules: $(K8S_CLUSTER_GUARD) ## The guide's specific rules: TCP 443 anywhere, auth on 8124; no DNS.
	$(call apply-scenario,user-specific-rules,$(filter-out user-specific-rules,$(USER_EGRESS_SCENARIOS)))

.PHONY: apply-user-specific-rules-with-dns
apply-user-specific-rules-with-dns: $(K8S_CLUSTER_GUARD) ## The specific rules plus DNS to kube-dns.
	$(call apply-scenario,user-specific-rules-with-dns,$(filter-out user-specific-rules-with-dns,$(USER_EGRESS_SCENARIOS)))

.PHONY: apply-user-allow-dns
apply-user-allow-dns: $(K8S_CLUSTER_GUARD) ## Add-on: allow the user pods DNS (UDP and TCP 53 to kube-dns).
	$(call apply-scenario,user-allow-dns)

.PHONY: apply-hello-deny-ingress
apply-hello-deny-ingress: $(K8S_CLUSTER_GUARD) ## Add-on: the helloworld pods accept no ingress.
	$(call apply-scenario,hello-deny-ingress)

.PHONY: remove-policies
remove-policies: $(K8S_CLUSTER_GUARD) ## Remove every scenario: back to no NetworkPolicy at all.
ifeq ($(LAB),1)
	$(MAKE) lab-reset
else
	$(KUBECTL) delete --request-timeout=$(REQUEST_TIMEOUT) -n $(NAMESPACE) --ignore-not-found -f $(POLICIES_DIR)
endif

##@ Kubernetes: the guide's checks (the user service's table; LAB=1 runs them in the lab)

.PHONY: test-user-to-all-services
test-user-to-all-services: $(K8S_CLUSTER_GUARD) ## User -> every target: peers, internet, other namespaces.
	$(call run-check,all)

.PHONY: test-user-to-auth
test-user-to-auth: $(K8S_CLUSTER_GUARD) ## User -> auth-app-service:8124.
	$(call run-check,auth)

.PHONY: test-user-to-hello
test-user-to-hello: $(K8S_CLUSTER_GUARD) ## User -> helloworld-app-service:8889.
	$(call run-check,hello)

.PHONY: test-user-internet-access
test-user-internet-access: $(K8S_CLUSTER_GUARD) ## User -> the internet targets.
	$(call run-check,internet)

.PHONY: test-user-cross-namespace
test-user-cross-namespace: $(K8S_CLUSTER_GUARD) ## User -> services of other namespaces (kube-dns, argocd).
	$(call run-check,cross-namespace)

.PHONY: test-dns
test-dns: $(K8S_CLUSTER_GUARD) ## Name resolution as the user pod sees it, then nslookup from a throwaway pod.
	$(call run-check,dns)
ifneq ($(LAB),1)
	@echo "nslookup $(DNS_TEST_NAME) from a throwaway pod (not a user pod: the user policies do not select it):"
	$(KUBECTL) run -n $(NAMESPACE) dns-test-$$RANDOM --image=$(DNS_TEST_IMAGE) --rm -i --restart=Never \
	  --pod-running-timeout=60s --override-type=json --overrides='$(DNS_TEST_OVERRIDES)' -- nslookup $(DNS_TEST_NAME)
endif

##@ Kubernetes: observing

.PHONY: port-forward
port-forward: require-cluster ## Forward localhost:LOCAL_PORT to user-app-service, for curl and a browser.
	@echo "http://localhost:$(LOCAL_PORT)/check/all?format=text (Ctrl-C stops the forward)"
	$(KUBECTL) port-forward -n $(NAMESPACE) service/user-app-service $(LOCAL_PORT):80

.PHONY: status
status: $(K8S_CLUSTER_GUARD) ## Pods, endpoints and NetworkPolicies of NAMESPACE (LAB=1: the lab's state).
ifeq ($(LAB),1)
	$(MAKE) lab-status
else
	$(KUBECTL) get --request-timeout=$(REQUEST_TIMEOUT) -n $(NAMESPACE) pods,endpoints,networkpolicies -o wide
endif

.PHONY: logs
logs: require-cluster ## The last LOG_LINES lines of the three services' logs.
	$(KUBECTL) logs --request-timeout=$(REQUEST_TIMEOUT) -n $(NAMESPACE) --prefix --tail=$(LOG_LINES) \
	  -l 'app in (user-app-pod,auth-app-pod,helloworld-app-pod)'

# Guards: say plainly what is missing instead of failing halfway through.

.PHONY: require-kubectl require-kind require-docker require-cluster
require-kubectl:
	@command -v $(KUBECTL) >/dev/null 2>&1 || { echo "kubectl not found (KUBECTL=$(KUBECTL)): install it (https://kubernetes.io/docs/tasks/tools/) or use the lab with LAB=1" >&2; exit 1; }

require-kind:
	@command -v $(KIND) >/dev/null 2>&1 || { echo "kind not found (KIND=$(KIND)): install kind v0.24 or later (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) or use the lab with LAB=1" >&2; exit 1; }

require-docker:
	@command -v $(DOCKER) >/dev/null 2>&1 || { echo "docker not found (DOCKER=$(DOCKER)): kind and the image build need a Docker engine" >&2; exit 1; }
	@$(DOCKER) info >/dev/null 2>&1 || { echo "no Docker engine answers ($(DOCKER) info failed): start Docker; kind and the image build need it" >&2; exit 1; }

require-cluster: require-kubectl
	@$(KUBECTL) version --request-timeout=5s >/dev/null 2>&1 || { echo "no Kubernetes API server answers for kubectl's context '$$($(KUBECTL) config current-context 2>/dev/null || echo none)': run 'make cluster' or point kubectl at a cluster (or use the lab with LAB=1)" >&2; exit 1; }
