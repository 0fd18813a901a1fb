from django.urls import path

from .views import runs

urlpatterns = [
    path("tugas/", runs.my_tasks, name="my_tasks"),
    path("tugas/<uuid:public_id>/", runs.task_detail, name="task_detail"),
    path("tugas/<uuid:public_id>/ambil/", runs.task_claim, name="task_claim"),
    path("tugas/<uuid:public_id>/lepas/", runs.task_release, name="task_release"),
    path("tugas/<uuid:public_id>/unggah/", runs.task_upload, name="task_upload"),
    path("tugas/<uuid:public_id>/selesai/", runs.task_complete, name="task_complete"),
    path("tugas/<uuid:public_id>/sop-terkait/", runs.child_run_start, name="child_run_start"),
    path("pelaksanaan/", runs.run_list, name="run_list"),
    path("pelaksanaan/mulai/", runs.run_start, name="run_start"),
    path("pelaksanaan/<uuid:public_id>/", runs.run_detail, name="run_detail"),
    path("pelaksanaan/<uuid:public_id>/batal/", runs.run_cancel, name="run_cancel"),
]
