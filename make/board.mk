# board targets
