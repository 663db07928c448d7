# lab targets
