# Local run: the three services on localhost, built from this checkout, with the user service's peer targets
# pointed at localhost. Logs and PID files go to $(RUN_DIR); `make stop` stops exactly the PIDs `make run` wrote.

RUN_DIR ?= .run
SERVICES_VERSION ?= 0.1.0-SNAPSHOT
USER_PORT ?= 8080
AUTH_PORT ?= 8124
HELLO_PORT ?= 8888
# Seconds to wait for every service to report ready.
READY_TIMEOUT ?= 90
# Small-footprint JVM flags: the demo's services do little work, and a laptop runs three of them.
JAVA_OPTS ?= -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xms8m -Xmx64m -XX:MinHeapFreeRatio=5 \
  -XX:MaxHeapFreeRatio=15 -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1
# Start from the JDK's AOT cache (JDK 25+; bin/aot-cache makes it once per build of each jar, in <module>/target/aot,
# by a training run): about half the time to ready. An older JDK, or a cache the JVM refuses, starts plain; AOT=0 off.
AOT ?= 1
export AOT
AUTH_DEMO_TOKEN ?= local-demo-token
CURL ?= curl
$(call check-path,RUN_DIR)
$(call check-chars,SERVICES_VERSION,$(validate-alnum) . _ -,a version of letters$(validate-comma) digits and . _ -)
$(call check-port,USER_PORT)
$(call check-port,AUTH_PORT)
$(call check-port,HELLO_PORT)
$(call check-number,READY_TIMEOUT)
$(call check-words,JAVA_OPTS,optional)
$(call check-one-of,AOT,0 1)
$(call check-token,AUTH_DEMO_TOKEN)
$(call check-path,CURL)
# aot-cache: one of the services.
$(call check-one-of,SERVICE,auth-service helloworld-service user-service,optional)

LOCAL_SERVICES := auth-service helloworld-service user-service
LOCAL_JARS := $(foreach s,$(LOCAL_SERVICES),$(s)/target/$(s)-$(SERVICES_VERSION).jar)

##@ Local run

.PHONY: require-java
require-java:
	@command -v $(JAVA) >/dev/null 2>&1 || { echo "java not found: install a JDK 21 or newer, or set JAVA_HOME"; exit 1; }

.PHONY: require-curl
require-curl:
	@command -v $(CURL) >/dev/null 2>&1 || { echo "curl not found: install it (apt-get install curl)"; exit 1; }

.PHONY: local-jars
local-jars: require-java ## Build the three service jars if any is missing.
	@for jar in $(LOCAL_JARS); do [ -f $$jar ] || missing=1; done; \
	if [ -n "$$missing" ]; then $(MVNW) -q -DskipTests -pl pod-identity,auth-service,helloworld-service,user-service -am package; fi

.PHONY: run
run: require-curl local-jars ## Start user (8080), auth (8124) and helloworld (8888) on localhost; logs in .run/.
	@mkdir -p $(RUN_DIR)
	@# The launch of each service (from its AOT cache, or plain), prepared side by side: a first run trains all three.
	@for s in $(LOCAL_SERVICES); do \
	  if [ -f $(RUN_DIR)/$$s.pid ] && kill -0 "$$(cat $(RUN_DIR)/$$s.pid)" 2>/dev/null; then continue; fi; \
	  JAVA='$(JAVA)' bin/aot-cache $$s/target/$$s-$(SERVICES_VERSION).jar $$s/target/aot $(JAVA_OPTS) \
	    > $(RUN_DIR)/$$s.launch & \
	done; wait
	@for s in $(LOCAL_SERVICES); do \
	  pidfile=$(RUN_DIR)/$$s.pid; \
	  if [ -f $$pidfile ] && kill -0 "$$(cat $$pidfile)" 2>/dev/null; then \
	    echo "$$s already running (PID $$(cat $$pidfile))"; continue; \
	  fi; \
	  case $$s in \
	    auth-service) port=$(AUTH_PORT); args="";; \
	    helloworld-service) port=$(HELLO_PORT); args="";; \
	    user-service) port=$(USER_PORT); \
	      args="--checks.targets.auth.url=http://localhost:$(AUTH_PORT)/authenticate --checks.targets.hello.url=http://localhost:$(HELLO_PORT)/";; \
	  esac; \
	  launch=$$(tr '\n' ' ' < $(RUN_DIR)/$$s.launch); \
	  [ -n "$$launch" ] || launch="-jar $$s/target/$$s-$(SERVICES_VERSION).jar"; \
	  AUTH_DEMO_TOKEN='$(AUTH_DEMO_TOKEN)' nohup $(JAVA) $(JAVA_OPTS) $$launch \
	    --server.port=$$port $$args > $(RUN_DIR)/$$s.log 2>&1 < /dev/null & \
	  echo $$! > $$pidfile; \
	  case $$launch in -XX:AOTCache=*) from="from its AOT cache";; *) from="plain java -jar";; esac; \
	  echo "$$s starting on port $$port (PID $$!, $$from, log $(RUN_DIR)/$$s.log)"; \
	done
	@deadline=$$(( $$(date +%s) + $(READY_TIMEOUT) )); \
	for s in $(LOCAL_SERVICES); do \
	  case $$s in auth-service) port=$(AUTH_PORT);; helloworld-service) port=$(HELLO_PORT);; *) port=$(USER_PORT);; esac; \
	  until $(CURL) -fsS --max-time 2 -o /dev/null http://localhost:$$port/actuator/health/readiness 2>/dev/null; do \
	    if ! kill -0 "$$(cat $(RUN_DIR)/$$s.pid)" 2>/dev/null; then \
	      echo "$$s exited: see $(RUN_DIR)/$$s.log (is port $$port already in use?)"; tail -n 20 $(RUN_DIR)/$$s.log; exit 1; \
	    fi; \
	    if [ $$(date +%s) -ge $$deadline ]; then echo "$$s not ready after $(READY_TIMEOUT) s: see $(RUN_DIR)/$$s.log"; exit 1; fi; \
	    sleep 0.5; \
	  done; \
	  echo "$$s ready on http://localhost:$$port"; \
	done
	@echo
	@echo "Open http://localhost:$(USER_PORT)/ for the live board, or try:"
	@echo "  curl -s localhost:$(USER_PORT)/check/all?format=text"
	@echo "  curl -s localhost:$(USER_PORT)/check/peers"
	@echo "  curl -s localhost:$(AUTH_PORT)/ ; curl -s localhost:$(HELLO_PORT)/"
	@echo "Stop with: make stop"

.PHONY: aot-cache
aot-cache: require-java ## Make the AOT cache of SERVICE (JDK 25+) if missing or stale; prints the java launch arguments.
	@[[ "$(SERVICE)" =~ ^(auth-service|helloworld-service|user-service)$$ ]] || \
	  { echo "SERVICE must be one of $(LOCAL_SERVICES), e.g. make aot-cache SERVICE=user-service" >&2; exit 1; }
	@JAVA='$(JAVA)' bin/aot-cache $(SERVICE)/target/$(SERVICE)-$(SERVICES_VERSION).jar $(SERVICE)/target/aot $(JAVA_OPTS) \
	  | tr '\n' ' '; echo

.PHONY: stop
stop: ## Stop the services `make run` started (only the PIDs in .run/*.pid), all at once.
	@# SIGTERM to every service first, then wait for all of them: the graceful shutdowns overlap instead of queueing.
	@stopping=""; \
	for s in $(LOCAL_SERVICES); do \
	  pidfile=$(RUN_DIR)/$$s.pid; \
	  [ -f $$pidfile ] || continue; \
	  pid=$$(cat $$pidfile); \
	  if [[ "$$pid" =~ ^[0-9]+$$ ]] && kill -0 $$pid 2>/dev/null \
	      && tr '\0' ' ' < /proc/$$pid/cmdline 2>/dev/null | grep -q -- "$$s-$(SERVICES_VERSION).jar"; then \
	    kill $$pid; stopping="$$stopping $$s:$$pid"; \
	  else \
	    echo "$$s was not running (stale PID file)"; \
	  fi; \
	  rm -f $$pidfile; \
	done; \
	for entry in $$stopping; do \
	  s=$${entry%%:*}; pid=$${entry##*:}; \
	  for i in $$(seq 1 100); do kill -0 $$pid 2>/dev/null || break; sleep 0.1; done; \
	  if kill -0 $$pid 2>/dev/null; then kill -9 $$pid; echo "$$s killed after 10 s (PID $$pid)"; \
	  else echo "$$s stopped (PID $$pid)"; fi; \
	done

.PHONY: bench-services
bench-services: require-java local-jars ## Measure the services (startup, memory, /check/all timing, health under load); report in .run/.
	@[ -f user-service/target/test-classes/io/netpoldemo/user/check/DroppingPort.class ] || \
	  $(MVNW) -q -pl user-service -am test-compile
	$(JAVA) -DjvmFlags="$(JAVA_OPTS)" -DworkDir=$(RUN_DIR)/bench-services -cp user-service/target/test-classes \
	  user-service/bench/ServicesBenchmark.java
