# local targets
