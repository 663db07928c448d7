# The reachability board served by the user service at /: its browser test and the README's screenshot.

# Where the board answers; an IP, because the screenshot browser resolves no names at all.
BOARD_URL ?= http://127.0.0.1:$(USER_PORT)/
SCREENSHOT ?= docs/board.png
SCREENSHOT_WIDTH ?= 1440
# History cells each tile must show before the picture is taken (one per round, every 2 s).
SCREENSHOT_ROUNDS ?= 5
# The peer the picture shows going away (its tile turning, its history strip), when screenshot started the run
# itself; empty: the board as it is.
SCREENSHOT_STOP ?= helloworld-service
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
BOARD_CLASSPATH ?= user-service/target/board-classpath.txt
$(call check-url,BOARD_URL)
$(call check-path,SCREENSHOT)
$(call check-number,SCREENSHOT_WIDTH)
$(call check-number,SCREENSHOT_ROUNDS)
$(call check-one-of,SCREENSHOT_STOP,auth-service helloworld-service user-service,optional)
$(call check-path,CHROMIUM)
$(call check-path,CHROMEDRIVER)
$(call check-path,BOARD_CLASSPATH)

##@ Board

.PHONY: require-chromium
require-chromium:
	@[ -x "$(CHROMIUM)" ] && [ -x "$(CHROMEDRIVER)" ] || { \
	  echo "Chromium and its driver are needed ($(CHROMIUM), $(CHROMEDRIVER)): apt-get install chromium chromium-driver"; \
	  exit 1; }

.PHONY: board-test
board-test: require-java require-chromium ## Run the board's unit tests and its browser test (headless Chromium).
	CHROMIUM=$(CHROMIUM) CHROMEDRIVER=$(CHROMEDRIVER) $(MVNW) -pl user-service -am verify \
	  -Dtest='io.netpoldemo.user.board.*Tests,!*IntegrationTests' -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test='io.netpoldemo.user.board.*IntegrationTests' -Dfailsafe.failIfNoSpecifiedTests=false

.PHONY: board-tools
board-tools: require-java ## Compile the screenshot tool and write its classpath.
	$(MVNW) -q -pl user-service -am test-compile dependency:build-classpath \
	  -Dmdep.includeScope=test -Dmdep.outputFile=$(abspath $(BOARD_CLASSPATH))

.PHONY: screenshot
screenshot: require-chromium require-curl board-tools ## Write docs/board.png from a real run; starts `make run` (and stops it) if the board is not up.
	@started=; \
	if ! $(CURL) -fsS --max-time 2 -o /dev/null $(BOARD_URL) 2>/dev/null; then \
	  echo "No board at $(BOARD_URL): starting the services with make run"; \
	  $(MAKE) --no-print-directory run; started=1; \
	fi; \
	trap '[ -z "$$started" ] || $(MAKE) --no-print-directory stop' EXIT; \
	stop=; [ -z "$$started" ] || [ -z "$(SCREENSHOT_STOP)" ] || stop=$(RUN_DIR)/$(SCREENSHOT_STOP).pid; \
	CHROMIUM=$(CHROMIUM) CHROMEDRIVER=$(CHROMEDRIVER) $(JAVA) \
	  -cp user-service/target/test-classes:$$(cat $(BOARD_CLASSPATH)) io.netpoldemo.user.board.BoardScreenshot \
	  $(BOARD_URL) $(SCREENSHOT) $(SCREENSHOT_WIDTH) $(SCREENSHOT_ROUNDS) $$stop

.PHONY: screenshot-lab
screenshot-lab: require-chromium board-tools ## Write docs/board-lab.png: the board inside the lab's user pod, with the policies in force (make lab-up first).
	@ip netns list 2>/dev/null | grep -q '^$(LAB_PREFIX)user-app' || { echo "No lab user pod: run make lab-up (and make lab-apply POLICY=...) first"; exit 1; }
	CHROMIUM=$(CHROMIUM) CHROMEDRIVER=$(CHROMEDRIVER) ip netns exec $(LAB_PREFIX)user-app $(JAVA) \
	  -cp user-service/target/test-classes:$$(cat $(BOARD_CLASSPATH)) io.netpoldemo.user.board.BoardScreenshot \
	  http://127.0.0.1:8080/ docs/board-lab.png $(SCREENSHOT_WIDTH) $(SCREENSHOT_ROUNDS)
