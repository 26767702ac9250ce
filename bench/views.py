from django.http import HttpResponse


def hello(request):
    """Return "hello": the cost of Django and its middleware alone."""
    return HttpResponse("hello", content_type="text/plain")
