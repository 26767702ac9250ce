from wagtail import hooks

from .admin_views import FrameworksViewSetGroup


@hooks.register("register_admin_viewset")
def register_frameworks_viewsets():
    return FrameworksViewSetGroup()
