# Checks for the variables a user may set (command line or environment) before any of them reaches a shell.
#
# Why here, and why in make: make expands `$(...)` in a variable's value wherever the variable is referenced, so
# `make explain POLICY='$(shell touch x)'` runs `touch x` while make reads the recipe, before any shell quoting could
# help. Each check below therefore reads a value set on the command line or in the environment with `$(value ...)`,
# never expanded, and stops make (exit 2) with the variable's name and what it must look like. The makefiles call
# them right after their `?=` defaults, so every check runs while make reads them, before any target does anything.
# A default written in a makefile is not checked (it is ours); keep defaults that name other variables after the
# checks of those variables.
#
# The checks, each `$(call CHECK,VARIABLE[,...])`; those marked [optional] accept an empty value when the last
# argument is `optional`:
#   check-k8s-name,VAR[,optional]      a Kubernetes name: DNS-1123 label (namespace, cluster, check, service)
#   check-dns-name,VAR                 a DNS name: DNS-1123 labels joined by dots (auth-app-service.netpol-demo)
#   check-port,VAR                     a TCP or UDP port, 1-65535
#   check-number,VAR                   a whole number (seconds, rounds, lines)
#   check-duration,VAR                 a duration as kubectl takes it: 30s, 5m, 1h30m
#   check-path,VAR[,optional]          one file or directory path: letters, digits, . _ / + -, not starting with -
#   check-paths,VAR[,optional]         several such paths, separated by spaces
#   check-words,VAR[,optional]         command words and flags (MVNW, JAVA_OPTS): letters, digits, . _ / + - = : , @ %
#   check-url,VAR                      an http(s) URL without quotes, spaces, `&`, `;` or `$`
#   check-token,VAR                    a secret token: letters, digits, . _ ~ + / = -
#   check-one-of,VAR,a b c[,optional]  exactly one of the listed words
#   check-chars,VAR,CHARS,WHAT[,optional]  the building block: one word made only of CHARS (a space-separated list
#                                      of single characters, e.g. `$(validate-alnum) . -`); WHAT says what it must be
# Character sets for check-chars: validate-lower, validate-upper, validate-digits, validate-alnum.
#
# Two guards around them: before anything else, no command-line value may contain '$' (make syntax); and the
# Makefile ends with $(call check-command-line), which refuses any command-line variable that no check above named
# (an unknown one, or one of the Makefile's own such as K8S_OVERLAY or SHELL). So a new setting needs its check, or
# make refuses it. Everything here is defined with `override`, so a command line cannot replace a check.
#
# Not covered, because make evaluates it before reading any makefile: an immediate assignment on the command line
# (`make 'POLICY:=$(shell ...)'`) is expanded by make itself as it starts. Nor `make -e`, which lets the
# environment replace the Makefile's own variables.

# The variables checked so far: the settings a user may give on the command line (see check-command-line).
override validate-checked :=

override validate-lower := a b c d e f g h i j k l m n o p q r s t u v w x y z
override validate-upper := A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
override validate-digits := 0 1 2 3 4 5 6 7 8 9
override validate-alnum := $(validate-lower) $(validate-upper) $(validate-digits)

validate-empty :=
override validate-space := $(validate-empty) $(validate-empty)
override validate-comma := ,

# Whether the user gave $(1) (command line, environment, MAKEFLAGS of an outer make): only such values are checked.
# A default written in a makefile is ours; one that names another variable (BOARD_URL names USER_PORT) is as safe
# as that variable, which is checked itself, and checked first.
override validate-given = $(eval override validate-checked += $(1))$(filter-out file default override automatic undefined,$(origin $(1)))

# The text of variable $(1) as the user gave it, never expanded.
override validate-raw = $(value $(1))

# $(1) with every character of the list $(2) removed.
override validate-strip = $(if $(2),$(call validate-strip,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))

# $(1) (one word of the characters $(2)) with a space after each character: one word per character.
override validate-spread = $(if $(2),$(call validate-spread,$(subst $(firstword $(2)),$(firstword $(2)) ,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))

# True (non-empty) when $(1) is exactly one word made only of the characters $(2): no space, tab or newline left.
override validate-is-word = $(and $(1),$(if $(call validate-strip,$(1),$(2)),,yes))

# Stops make: $(1) the variable, $(2) what it must be.
override validate-fail = $(error $(1) must be $(2), not '$(value $(1))' (from the $(origin $(1))))

override validate-optional = $(and $(filter optional,$(1)),$(if $(call validate-raw,$(2)),,yes))

override validate-body-chars = $(if $(call validate-optional,$(4),$(1)),,$(if $(call validate-is-word,$(call validate-raw,$(1)),$(2)),,$(call validate-fail,$(1),$(3))))
override check-chars = $(if $(call validate-given,$(1)),$(call validate-body-chars,$(1),$(2),$(3),$(4)))

override validate-label-chars := $(validate-lower) $(validate-digits) -
override validate-label-what := a Kubernetes name (a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)

# A DNS-1123 label: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
override validate-is-label = $(and $(call validate-is-word,$(1),$(validate-label-chars)),$(call validate-label-shape,$(call validate-spread,$(1),$(validate-label-chars))))
override validate-label-shape = $(and $(filter-out -,$(firstword $(1))),$(filter-out -,$(lastword $(1))),$(if $(word 64,$(1)),,yes))

override validate-body-k8s-name = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-is-label,$(call validate-raw,$(1))),,$(call validate-fail,$(1),$(validate-label-what))))
override check-k8s-name = $(if $(call validate-given,$(1)),$(call validate-body-k8s-name,$(1),$(2),$(3),$(4)))

override validate-body-dns-name = $(if $(call validate-is-dns-name,$(call validate-raw,$(1))),,$(call validate-fail,$(1),a DNS name (DNS-1123 labels of lowercase letters$(validate-comma) digits and '-'$(validate-comma) joined by single dots)))
override check-dns-name = $(if $(call validate-given,$(1)),$(call validate-body-dns-name,$(1),$(2),$(3),$(4)))
override validate-is-dns-name = $(and $(call validate-is-word,$(1),$(validate-label-chars) .),$(if $(findstring ..,$(1)),,yes),$(filter-out .,$(firstword $(call validate-spread,$(1),$(validate-label-chars) .))),$(filter-out .,$(lastword $(call validate-spread,$(1),$(validate-label-chars) .))),$(call validate-all-labels,$(subst ., ,$(1))))
override validate-all-labels = $(if $(strip $(foreach l,$(1),$(if $(call validate-is-label,$(l)),,no))),,yes)

# 1-65535, without leading zeros; five digits compare as text.
override validate-body-port = $(if $(call validate-is-port,$(call validate-raw,$(1))),,$(call validate-fail,$(1),a port number from 1 to 65535))
override check-port = $(if $(call validate-given,$(1)),$(call validate-body-port,$(1),$(2),$(3),$(4)))
override validate-is-port = $(and $(call validate-is-word,$(1),$(validate-digits)),$(filter-out 0,$(firstword $(call validate-spread,$(1),$(validate-digits)))),$(if $(word 6,$(call validate-spread,$(1),$(validate-digits))),,yes),$(if $(word 5,$(call validate-spread,$(1),$(validate-digits))),$(filter $(1),$(firstword $(sort $(1) 65535))),yes))

override validate-body-number = $(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-digits)),$(if $(word 10,$(call validate-spread,$(call validate-raw,$(1)),$(validate-digits))),,yes)),,$(call validate-fail,$(1),a whole number (digits only$(validate-comma) at most 9)))
override check-number = $(if $(call validate-given,$(1)),$(call validate-body-number,$(1),$(2),$(3),$(4)))

override validate-body-duration = $(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-digits) . h m s),$(filter $(validate-digits),$(firstword $(call validate-spread,$(call validate-raw,$(1)),$(validate-digits) . h m s)))),,$(call validate-fail,$(1),a duration such as 30s$(validate-comma) 5m or 1h30m))
override check-duration = $(if $(call validate-given,$(1)),$(call validate-body-duration,$(1),$(2),$(3),$(4)))

override validate-path-chars := $(validate-alnum) . _ / + -
override validate-path-what := a path (letters$(validate-comma) digits and . _ / + -$(validate-comma) not starting with -)
override validate-is-path = $(and $(call validate-is-word,$(1),$(validate-path-chars)),$(filter-out -,$(firstword $(call validate-spread,$(1),$(validate-path-chars)))))

override validate-body-path = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-is-path,$(call validate-raw,$(1))),,$(call validate-fail,$(1),$(validate-path-what))))
override check-path = $(if $(call validate-given,$(1)),$(call validate-body-path,$(1),$(2),$(3),$(4)))

# Several words: each checked alone, and nothing but plain spaces between them (a tab or newline would end a
# command in the recipe's shell).
override validate-words-ok = $(and $(if $(subst $(validate-space),,$(call validate-strip,$(1),$(2))),,yes),$(if $(strip $(foreach w,$(1),$(if $(call $(3),$(w)),,no))),,yes))
override validate-body-paths = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-words-ok,$(call validate-raw,$(1)),$(validate-path-chars),validate-is-path),,$(call validate-fail,$(1),$(validate-path-what)$(validate-comma) separated by spaces)))
override check-paths = $(if $(call validate-given,$(1)),$(call validate-body-paths,$(1),$(2),$(3),$(4)))

override validate-word-chars := $(validate-alnum) . _ / + - = : $(validate-comma) @ %
override validate-is-command-word = $(call validate-is-word,$(1),$(validate-word-chars))
override validate-body-words = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-words-ok,$(call validate-raw,$(1)),$(validate-word-chars),validate-is-command-word),,$(call validate-fail,$(1),words of letters$(validate-comma) digits and . _ / + - = : $(validate-comma) @ % separated by spaces)))
override check-words = $(if $(call validate-given,$(1)),$(call validate-body-words,$(1),$(2),$(3),$(4)))

override validate-body-url = $(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-alnum) . _ / - : ~ % @ = + ?),$(filter http://% https://%,$(call validate-raw,$(1)))),,$(call validate-fail,$(1),an http:// or https:// URL of letters$(validate-comma) digits and . _ / - : ~ % @ = + ?))
override check-url = $(if $(call validate-given,$(1)),$(call validate-body-url,$(1),$(2),$(3),$(4)))

override validate-body-token = $(call check-chars,$(1),$(validate-alnum) . _ ~ + / = -,a token of letters$(validate-comma) digits and . _ ~ + / = -)
override check-token = $(if $(call validate-given,$(1)),$(call validate-body-token,$(1),$(2),$(3),$(4)))

override validate-or-list = $(if $(word 2,$(1)),$(subst $(validate-space),$(validate-comma) ,$(wordlist 2,$(words $(1)),x $(1))) or $(lastword $(1)),$(1))
override validate-body-one-of = $(if $(call validate-optional,$(3),$(1)),,$(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-alnum) . _ -),$(filter $(call validate-raw,$(1)),$(2))),,$(call validate-fail,$(1),$(call validate-or-list,$(2))$(if $(filter optional,$(3)), (or empty)))))
override check-one-of = $(if $(call validate-given,$(1)),$(call validate-body-one-of,$(1),$(2),$(3),$(4)))

# Any other variable given on the command line is refused: make exports command-line variables to every command it
# runs and expands them to do so, so `make help 'FOO=$(shell ...)'` would run it, and a command-line value replaces
# the Makefile's own variables (K8S_OVERLAY, SHELL, these checks). Called once, after every makefile is read.
override check-command-line = $(foreach v,$(.VARIABLES),$(if $(filter command,$(firstword $(origin $(v)))),$(if $(call validate-listed,$(v)),,$(error $(v) is not a setting of this Makefile, so it cannot be given on the command line (make would pass it, expanded, to every command it runs). The settings are the variables checked in make/*.mk; give anything else through the environment instead ($(v)=... make TARGET)))))
override validate-listed = $(if $(findstring %,$(1)),,$(filter $(1),$(validate-checked)))

# First of all, before any makefile expands anything: no command-line value may hold make syntax ('$'), since a
# variable that is not checked below (one of the Makefile's own, or an unknown one) would run what it names as soon
# as it is expanded.
$(foreach v,$(.VARIABLES),$(if $(filter command,$(firstword $(origin $(v)))),$(if $(findstring $$,$(value $(v))),$(error $(v) must be a value without '$$' (make would expand it, and run what it names, before any other check), not '$(value $(v))' (from the command line)))))
