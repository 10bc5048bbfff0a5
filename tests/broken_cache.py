"""A cache backend that fails like a Redis that went away: every call raises."""

from django.core.cache.backends.base import BaseCache


class BrokenCache(BaseCache):
    calls = 0  # how often anything asked it, across instances

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        BrokenCache.calls += 1
        raise ConnectionError("cache down")

    add = get = set = touch = delete = has_key = clear = _fail
    get_many = set_many = delete_many = incr = decr = _fail
    aadd = aget = aset = atouch = adelete = ahas_key = aclear = _fail
    aget_many = aset_many = adelete_many = aincr = adecr = _fail
