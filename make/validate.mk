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
# Not covered, because make evaluates it before reading any makefile: an immediate assignment on the command line
# (`make 'POLICY:=$(shell ...)'`) is expanded by make itself as it starts.

validate-lower := a b c d e f g h i j k l m n o p q r s t u v w x y z
validate-upper := A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
validate-digits := 0 1 2 3 4 5 6 7 8 9
validate-alnum := $(validate-lower) $(validate-upper) $(validate-digits)

validate-empty :=
validate-space := $(validate-empty) $(validate-empty)
validate-comma := ,

# Whether the user gave $(1) (command line, environment, MAKEFLAGS of an outer make): only such values are checked.
# A default written in a makefile is ours; one that names another variable (BOARD_URL names USER_PORT) is as safe
# as that variable, which is checked itself, and checked first.
validate-given = $(filter-out file default override automatic undefined,$(origin $(1)))

# The text of variable $(1) as the user gave it, never expanded.
validate-raw = $(value $(1))

# $(1) with every character of the list $(2) removed.
validate-strip = $(if $(2),$(call validate-strip,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))

# $(1) (one word of the characters $(2)) with a space after each character: one word per character.
validate-spread = $(if $(2),$(call validate-spread,$(subst $(firstword $(2)),$(firstword $(2)) ,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))

# True (non-empty) when $(1) is exactly one word made only of the characters $(2): no space, tab or newline left.
validate-is-word = $(and $(1),$(if $(call validate-strip,$(1),$(2)),,yes))

# Stops make: $(1) the variable, $(2) what it must be.
validate-fail = $(error $(1) must be $(2), not '$(value $(1))' (from the $(origin $(1))))

validate-optional = $(and $(filter optional,$(1)),$(if $(call validate-raw,$(2)),,yes))

validate-body-chars = $(if $(call validate-optional,$(4),$(1)),,$(if $(call validate-is-word,$(call validate-raw,$(1)),$(2)),,$(call validate-fail,$(1),$(3))))
check-chars = $(if $(call validate-given,$(1)),$(call validate-body-chars,$(1),$(2),$(3),$(4)))

validate-label-chars := $(validate-lower) $(validate-digits) -
validate-label-what := a Kubernetes name (a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)

# A DNS-1123 label: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
validate-is-label = $(and $(call validate-is-word,$(1),$(validate-label-chars)),$(call validate-label-shape,$(call validate-spread,$(1),$(validate-label-chars))))
validate-label-shape = $(and $(filter-out -,$(firstword $(1))),$(filter-out -,$(lastword $(1))),$(if $(word 64,$(1)),,yes))

validate-body-k8s-name = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-is-label,$(call validate-raw,$(1))),,$(call validate-fail,$(1),$(validate-label-what))))
check-k8s-name = $(if $(call validate-given,$(1)),$(call validate-body-k8s-name,$(1),$(2),$(3),$(4)))

validate-body-dns-name = $(if $(call validate-is-dns-name,$(call validate-raw,$(1))),,$(call validate-fail,$(1),a DNS name (DNS-1123 labels of lowercase letters$(validate-comma) digits and '-'$(validate-comma) joined by single dots)))
check-dns-name = $(if $(call validate-given,$(1)),$(call validate-body-dns-name,$(1),$(2),$(3),$(4)))
validate-is-dns-name = $(and $(call validate-is-word,$(1),$(validate-label-chars) .),$(if $(findstring ..,$(1)),,yes),$(filter-out .,$(firstword $(call validate-spread,$(1),$(validate-label-chars) .))),$(filter-out .,$(lastword $(call validate-spread,$(1),$(validate-label-chars) .))),$(call validate-all-labels,$(subst ., ,$(1))))
validate-all-labels = $(if $(strip $(foreach l,$(1),$(if $(call validate-is-label,$(l)),,no))),,yes)

# 1-65535, without leading zeros; five digits compare as text.
validate-body-port = $(if $(call validate-is-port,$(call validate-raw,$(1))),,$(call validate-fail,$(1),a port number from 1 to 65535))
check-port = $(if $(call validate-given,$(1)),$(call validate-body-port,$(1),$(2),$(3),$(4)))
validate-is-port = $(and $(call validate-is-word,$(1),$(validate-digits)),$(filter-out 0,$(firstword $(call validate-spread,$(1),$(validate-digits)))),$(if $(word 6,$(call validate-spread,$(1),$(validate-digits))),,yes),$(if $(word 5,$(call validate-spread,$(1),$(validate-digits))),$(filter $(1),$(firstword $(sort $(1) 65535))),yes))

validate-body-number = $(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-digits)),$(if $(word 10,$(call validate-spread,$(call validate-raw,$(1)),$(validate-digits))),,yes)),,$(call validate-fail,$(1),a whole number (digits only$(validate-comma) at most 9)))
check-number = $(if $(call validate-given,$(1)),$(call validate-body-number,$(1),$(2),$(3),$(4)))

validate-body-duration = $(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-digits) . h m s),$(filter $(validate-digits),$(firstword $(call validate-spread,$(call validate-raw,$(1)),$(validate-digits) . h m s)))),,$(call validate-fail,$(1),a duration such as 30s$(validate-comma) 5m or 1h30m))
check-duration = $(if $(call validate-given,$(1)),$(call validate-body-duration,$(1),$(2),$(3),$(4)))

validate-path-chars := $(validate-alnum) . _ / + -
validate-path-what := a path (letters$(validate-comma) digits and . _ / + -$(validate-comma) not starting with -)
validate-is-path = $(and $(call validate-is-word,$(1),$(validate-path-chars)),$(filter-out -,$(firstword $(call validate-spread,$(1),$(validate-path-chars)))))

validate-body-path = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-is-path,$(call validate-raw,$(1))),,$(call validate-fail,$(1),$(validate-path-what))))
check-path = $(if $(call validate-given,$(1)),$(call validate-body-path,$(1),$(2),$(3),$(4)))

# Several words: each checked alone, and nothing but plain spaces between them (a tab or newline would end a
# command in the recipe's shell).
validate-words-ok = $(and $(if $(subst $(validate-space),,$(call validate-strip,$(1),$(2))),,yes),$(if $(strip $(foreach w,$(1),$(if $(call $(3),$(w)),,no))),,yes))
validate-body-paths = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-words-ok,$(call validate-raw,$(1)),$(validate-path-chars),validate-is-path),,$(call validate-fail,$(1),$(validate-path-what)$(validate-comma) separated by spaces)))
check-paths = $(if $(call validate-given,$(1)),$(call validate-body-paths,$(1),$(2),$(3),$(4)))

validate-word-chars := $(validate-alnum) . _ / + - = : $(validate-comma) @ %
validate-is-command-word = $(call validate-is-word,$(1),$(validate-word-chars))
validate-body-words = $(if $(call validate-optional,$(2),$(1)),,$(if $(call validate-words-ok,$(call validate-raw,$(1)),$(validate-word-chars),validate-is-command-word),,$(call validate-fail,$(1),words of letters$(validate-comma) digits and . _ / + - = : $(validate-comma) @ % separated by spaces)))
check-words = $(if $(call validate-given,$(1)),$(call validate-body-words,$(1),$(2),$(3),$(4)))

validate-body-url = $(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-alnum) . _ / - : ~ % @ = + ?),$(filter http://% https://%,$(call validate-raw,$(1)))),,$(call validate-fail,$(1),an http:// or https:// URL of letters$(validate-comma) digits and . _ / - : ~ % @ = + ?))
check-url = $(if $(call validate-given,$(1)),$(call validate-body-url,$(1),$(2),$(3),$(4)))

validate-body-token = $(call check-chars,$(1),$(validate-alnum) . _ ~ + / = -,a token of letters$(validate-comma) digits and . _ ~ + / = -)
check-token = $(if $(call validate-given,$(1)),$(call validate-body-token,$(1),$(2),$(3),$(4)))

validate-or-list = $(if $(word 2,$(1)),$(subst $(validate-space),$(validate-comma) ,$(wordlist 2,$(words $(1)),x $(1))) or $(lastword $(1)),$(1))
validate-body-one-of = $(if $(call validate-optional,$(3),$(1)),,$(if $(and $(call validate-is-word,$(call validate-raw,$(1)),$(validate-alnum) . _ -),$(filter $(call validate-raw,$(1)),$(2))),,$(call validate-fail,$(1),$(call validate-or-list,$(2))$(if $(filter optional,$(3)), (or empty)))))
check-one-of = $(if $(call validate-given,$(1)),$(call validate-body-one-of,$(1),$(2),$(3),$(4)))
