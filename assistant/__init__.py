"""政策通: cited answers about the 2025 Wuhan and Hubei science-and-technology finance plans."""
