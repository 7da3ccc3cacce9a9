"""One module per screen of `dojo play`."""
