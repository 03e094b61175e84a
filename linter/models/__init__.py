"""Trained models (data files), with the recipe that trains them and their cards."""
