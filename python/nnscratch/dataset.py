"""Placeholder: create_dataset is being written (image loading)."""


def create_dataset(*args, **kwargs):
    raise NotImplementedError
