"""The documents: parsing a plan into citable units and loading the corpus folder."""
