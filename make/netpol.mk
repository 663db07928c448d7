# netpol targets
