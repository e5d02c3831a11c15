"""Where a place is: the offline gazetteers, the geocoder, the one "same city" rule,
alternate names."""
