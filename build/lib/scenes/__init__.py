"""Scenes of the explainer and the toolkit they share: theme, components, base scene."""
