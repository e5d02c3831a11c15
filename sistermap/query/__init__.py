"""Questions asked of a loaded dataset: filters, finding a city, counts, the network, provenance."""
