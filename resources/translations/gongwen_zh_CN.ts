<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Overrides of Qt's own Chinese (qtbase_zh_CN.qm, installed before this one): one word
     for undo (撤销, as in the menus, Word and WPS, where Qt says 撤消), 大小 for a file's
     size, and the few strings of the file dialog Qt leaves in English.
     Build: pyside6-lrelease gongwen_zh_CN.ts -qm gongwen_zh_CN.qm -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QWidgetTextControl</name>
    <message><source>&amp;Undo</source><translation>撤销(&amp;U)</translation></message>
    <message><source>&amp;Redo</source><translation>重做(&amp;R)</translation></message>
</context>
<context>
    <name>QLineEdit</name>
    <message><source>&amp;Undo</source><translation>撤销(&amp;U)</translation></message>
    <message><source>&amp;Redo</source><translation>重做(&amp;R)</translation></message>
</context>
<context>
    <name>QUndoStack</name>
    <message><source>Undo %1</source><translation>撤销 %1</translation></message>
    <message><source>Undo</source><comment>Default text for undo action</comment><translation>撤销</translation></message>
</context>
<context>
    <name>QUndoGroup</name>
    <message><source>Undo %1</source><translation>撤销 %1</translation></message>
    <message><source>Undo</source><comment>Default text for undo action</comment><translation>撤销</translation></message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message><source>Size</source><translation>大小</translation></message>
    <message><source>Computer</source><translation>计算机</translation></message>
    <message><source>My Computer</source><translation>我的电脑</translation></message>
    <message><source>%1 bytes</source><translation>%1 字节</translation></message>
    <message><source>%1 byte(s)</source><translation>%1 字节</translation></message>
</context>
<context>
    <name>QFileDialog</name>
    <message><source>Computer</source><translation>计算机</translation></message>
    <message><source>Files of type</source><translation>文件类型</translation></message>
    <message><source>&amp;Look in:</source><translation>查找范围(&amp;L)：</translation></message>
    <message><source>Files of &amp;type:</source><translation>文件类型(&amp;T)：</translation></message>
    <message><source>File &amp;name:</source><translation>文件名(&amp;N)：</translation></message>
</context>
</TS>
